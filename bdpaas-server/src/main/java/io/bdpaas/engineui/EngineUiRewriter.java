package io.bdpaas.engineui;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an engine UI's answers need changed to work under the platform's prefix for its cluster
 * ({@code /clusters/c-1/ui}). Spark's reverse-proxy setting prefixes most of its links, but a few
 * (the master's Environment page, its own log) stay root-absolute; Flink's dashboard is relative
 * throughout. Redirects name the engine's own address, which the browser cannot reach.
 */
final class EngineUiRewriter {
  /** A root-absolute address in an attribute: {@code href="/x"}, not {@code href="//host/x"}. */
  private static final Pattern ROOT_ABSOLUTE =
      Pattern.compile("(\\s(?:href|src|action)\\s*=\\s*[\"'])/(?!/)");

  private final String prefix;
  private final String mount;
  private final URI engine;

  /**
   * @param prefix the platform's path for the cluster's UI, without a trailing slash
   * @param engine the UI's address on the engine, e.g. {@code http://127.0.0.1:8080/}
   */
  EngineUiRewriter(String prefix, URI engine) {
    this(prefix, prefix, engine);
  }

  /**
   * For a part of the cluster's UI served from another address ({@link EngineUiRoutes}): the
   * engine's root is at {@code mount}, under {@code prefix}; links already under {@code prefix}
   * (the engine was told it) stay.
   */
  EngineUiRewriter(String prefix, String mount, URI engine) {
    this.prefix = path("prefix", prefix);
    this.mount = path("mount", mount);
    this.engine = requireNonNull(engine, "engine is null");
    if (!mount.equals(prefix) && !mount.startsWith(prefix + "/")) {
      throw new IllegalArgumentException("mount must be under the prefix: " + mount);
    }
  }

  private static String path(String what, String path) {
    requireNonNull(path, what + " is null");
    if (!path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException(what + " must start and not end with '/': " + path);
    }
    return path;
  }

  /**
   * Where a redirect of the engine should send the browser: the engine's own address and paths
   * outside the prefix move under it; relative ones stay; one to another host is not followed.
   */
  Optional<String> location(String location) {
    URI target;
    try {
      target = URI.create(location.strip());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (target.isAbsolute()) {
      if (!sameOrigin(target)) {
        return Optional.empty();
      }
      return Optional.of(underPrefix(pathAndQuery(target)));
    }
    if (target.getRawAuthority() != null) {
      return Optional.empty(); // //other-host/…
    }
    String raw = location.strip();
    return Optional.of(raw.startsWith("/") ? underPrefix(raw) : raw);
  }

  /**
   * An HTML page with its root-absolute links, scripts, styles and forms moved under the prefix.
   */
  String html(String page) {
    Matcher links = ROOT_ABSOLUTE.matcher(page);
    StringBuilder out = new StringBuilder(page.length() + 256);
    while (links.find()) {
      boolean already = page.startsWith(prefix + "/", links.end() - 1);
      links.appendReplacement(
          out, Matcher.quoteReplacement(links.group(1) + (already ? "/" : mount + "/")));
    }
    links.appendTail(out);
    return out.toString();
  }

  private String underPrefix(String path) {
    return path.equals(prefix) || path.startsWith(prefix + "/") ? path : mount + path;
  }

  private boolean sameOrigin(URI target) {
    return target.getScheme().equalsIgnoreCase(engine.getScheme())
        && target.getHost() != null
        && target.getHost().equalsIgnoreCase(engine.getHost())
        && port(target) == port(engine);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String pathAndQuery(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }
}
