package io.bdpaas.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading an engine UI through the platform as a browser would: following its redirects and links.
 */
public final class EngineUiPages {
  private static final Pattern ROOT_ABSOLUTE =
      Pattern.compile("\\s(?:href|src|action)\\s*=\\s*[\"'](/(?!/)[^\"'#]*)[\"']");

  private EngineUiPages() {}

  /** The platform's path of a cluster's engine UI, without a trailing slash. */
  public static String prefix(String cluster) {
    return "/clusters/" + cluster + "/ui";
  }

  /**
   * GETs a page of the UI, following the redirects it answers with; each must stay under the
   * cluster's prefix, as the engine's own address is unreachable for a browser.
   */
  public static ApiClient.Response open(ApiClient reader, String cluster, String path) {
    String at = path;
    for (int hop = 0; hop < 5; hop++) {
      ApiClient.Response response = reader.get(at);
      if (response.status() < 300 || response.status() >= 400) {
        return response;
      }
      String location = response.header("Location").orElseThrow();
      assertThat(location).as("a redirect of " + at).startsWith(prefix(cluster) + "/");
      at = location;
    }
    throw new AssertionError("more than 5 redirects from " + path);
  }

  /** The distinct root-absolute addresses a page links to, loads or posts to. */
  public static List<String> links(String html) {
    Matcher links = ROOT_ABSOLUTE.matcher(html);
    LinkedHashSet<String> found = new LinkedHashSet<>();
    while (links.find()) {
      found.add(links.group(1).replace("&amp;", "&"));
    }
    return new ArrayList<>(found);
  }
}
