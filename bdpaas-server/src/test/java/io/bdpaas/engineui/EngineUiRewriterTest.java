package io.bdpaas.engineui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** How engine answers are moved under the platform's prefix, without a server. */
class EngineUiRewriterTest {
  private final EngineUiRewriter rewriter =
      new EngineUiRewriter("/clusters/c-1/ui", URI.create("http://127.0.0.1:8080/"));

  @Test
  void redirectsToTheEngineItselfMoveUnderThePrefix() {
    assertThat(rewriter.location("http://127.0.0.1:8080/jobs/?id=1"))
        .contains("/clusters/c-1/ui/jobs/?id=1");
    assertThat(rewriter.location("http://127.0.0.1:8080")).contains("/clusters/c-1/ui/");
    // Spark's reverse proxy already names the prefix.
    assertThat(rewriter.location("http://127.0.0.1:8080/clusters/c-1/ui/proxy/app-1/"))
        .contains("/clusters/c-1/ui/proxy/app-1/");
    assertThat(rewriter.location("/clusters/c-1/ui/jobs/")).contains("/clusters/c-1/ui/jobs/");
    assertThat(rewriter.location("/environment/")).contains("/clusters/c-1/ui/environment/");
    assertThat(rewriter.location("jobs/")).contains("jobs/");
  }

  @Test
  void redirectsElsewhereAreNotPassedOn() {
    assertThat(rewriter.location("http://evil.example/")).isEmpty();
    assertThat(rewriter.location("http://127.0.0.1:9090/")).as("another port").isEmpty();
    assertThat(rewriter.location("https://127.0.0.1:8080/")).as("another scheme").isEmpty();
    assertThat(rewriter.location("//evil.example/x")).isEmpty();
    assertThat(rewriter.location("http://[bad")).isEmpty();
  }

  @Test
  void rootAbsoluteLinksOfAPageMoveUnderThePrefixAndOthersStay() {
    String page =
        "<a href=\"/environment/\">Env</a> <a href='/logPage/?self&amp;logType=out'>log</a>"
            + " <link rel=\"stylesheet\" href=\"/clusters/c-1/ui/static/webui.css\">"
            + " <script src=\"/static/x.js\"></script> <form action=\"/kill/\"></form>"
            + " <a href=\"//cdn.example/x\">cdn</a> <a href=\"#running\">running</a>"
            + " <a href=\"jobs/\">jobs</a> <a href=\"/\">home</a>"
            + " <p>href=\"/not-an-attribute\" in text</p>";

    assertThat(rewriter.html(page))
        .contains("href=\"/clusters/c-1/ui/environment/\"")
        .contains("href='/clusters/c-1/ui/logPage/?self&amp;logType=out'")
        .contains("href=\"/clusters/c-1/ui/static/webui.css\"")
        .doesNotContain("/clusters/c-1/ui/clusters/")
        .contains("src=\"/clusters/c-1/ui/static/x.js\"")
        .contains("action=\"/clusters/c-1/ui/kill/\"")
        .contains("href=\"//cdn.example/x\"")
        .contains("href=\"#running\"")
        .contains("href=\"jobs/\"")
        .contains("href=\"/clusters/c-1/ui/\"");
  }

  @Test
  void aPartServedFromElsewhereIsMountedUnderItsOwnPathAndKeepsLinksToTheRest() {
    EngineUiRewriter driver =
        new EngineUiRewriter(
            "/clusters/c-1/ui",
            "/clusters/c-1/ui/proxy/app-1",
            URI.create("http://127.0.0.1:4041/"));

    // Spark's drivers redirect to their own address, counting on the proxy to rewrite it.
    assertThat(driver.location("http://127.0.0.1:4041/jobs/"))
        .contains("/clusters/c-1/ui/proxy/app-1/jobs/");
    assertThat(driver.location("/jobs/")).contains("/clusters/c-1/ui/proxy/app-1/jobs/");
    assertThat(driver.html("<a href=\"/clusters/c-1/ui/proxy/app-1/stages/\">s</a>"))
        .contains("href=\"/clusters/c-1/ui/proxy/app-1/stages/\"");
    assertThat(driver.html("<a href=\"/clusters/c-1/ui/\">master</a>"))
        .as("a link to the master's page")
        .contains("href=\"/clusters/c-1/ui/\"");
    assertThat(driver.html("<script src=\"/static/x.js\">"))
        .contains("src=\"/clusters/c-1/ui/proxy/app-1/static/x.js\"");
    assertThatThrownBy(
            () -> new EngineUiRewriter("/clusters/c-1/ui", "/elsewhere", URI.create("http://h/")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPrefixMustBeAPathWithoutATrailingSlash() {
    assertThatThrownBy(() -> new EngineUiRewriter("clusters/c-1/ui", URI.create("http://h/")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EngineUiRewriter("/clusters/c-1/ui/", URI.create("http://h/")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
