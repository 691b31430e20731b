package io.bdpaas.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Browser;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.TestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The console on a phone-sized screen (375 px wide) in the headless browser: no page is wider than
 * the screen, so nothing needs a sideways scroll of the whole page to be reached.
 */
class NarrowScreenBrowserIT {
  private static final int PHONE_WIDTH = 375;
  private static final Duration SETTLE = Duration.ofSeconds(2);
  private static TestServer server;
  private static Browser browser;
  private static ChromeDriver driver;

  @RegisterExtension
  static final AfterTestExecutionCallback SCREENSHOT_ON_FAILURE =
      Browser.screenshotOnFailure(() -> browser);

  @BeforeAll
  static void startServerAndBrowser() throws IOException {
    browser = Browser.start();
    driver = browser.driver();
    server = TestServer.start(Map.of());
  }

  @AfterAll
  static void stopBrowserAndServer() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void everyMainPageFitsAPhoneScreen() {
    ApiClient admin = server.admin();
    server.newUser("someone-with-a-long-name");
    admin
        .post("/api/v1/tokens", "{\"name\":\"a token with a rather long name\"}")
        .expectStatus(201);
    String cluster =
        Clusters.create(
            admin,
            "{\"name\":\"narrow-screen-cluster\",\"product\":\"hello\",\"version\":\"1.0.0\"}");
    // A project with a long description, stopped at once: its page needs no running Spark.
    JsonNode project =
        admin
            .post(
                "/api/v1/projects",
                "{\"name\":\"narrow-screen-project-with-a-rather-long-name\",\"description\":\""
                    + "a description that goes on ".repeat(8)
                    + "\"}")
            .expectStatus(202)
            .json();
    String projectId = project.get("id").asString();
    admin.post("/api/v1/projects/" + projectId + "/stop", "").expectStatus(200);
    // A run of its sample job, which waits while the project is stopped.
    String job =
        admin
            .get("/api/v1/projects/" + projectId + "/jobs")
            .expectStatus(200)
            .json()
            .get("items")
            .get(0)
            .get("id")
            .asString();
    String run =
        admin
            .post("/api/v1/projects/" + projectId + "/jobs/" + job + "/runs", "{}")
            .expectStatus(202)
            .json()
            .get("id")
            .asString();
    try {
      checkEveryMainPage(cluster, projectId, run);
    } finally {
      admin.delete("/api/v1/clusters/" + cluster).expectStatus(202);
      admin.delete("/api/v1/projects/" + projectId).expectStatus(204);
      Clusters.awaitStatus(admin, cluster, "destroyed", Duration.ofSeconds(60));
      Clusters.awaitStatus(
          admin, project.get("clusterId").asString(), "destroyed", Duration.ofSeconds(60));
    }
  }

  private void checkEveryMainPage(String cluster, String project, String run) {
    driver.manage().window().setSize(new Dimension(PHONE_WIDTH, 812));
    browser.open(server, "/login");
    assertThat(viewportWidth()).isLessThanOrEqualTo(PHONE_WIDTH);
    List<String> tooWide = new ArrayList<>();
    checkWidth("/login", tooWide);
    browser.login(server, TestServer.ADMIN, TestServer.ADMIN_PASSWORD);

    for (String page :
        List.of(
            "/projects",
            "/projects/new",
            "/projects/" + project,
            "/projects/" + project + "/runs/" + run,
            "/jobs",
            "/clusters",
            "/clusters/new",
            "/clusters/" + cluster,
            "/products",
            "/products/hello/1.0.0",
            "/admin/users",
            "/account")) {
      browser.open(server, page);
      driver.findElement(By.tagName("main"));
      checkWidth(page, tooWide);
    }

    assertThat(tooWide).as("pages wider than a %d px screen", PHONE_WIDTH).isEmpty();
  }

  /**
   * Finds the page too wide when it stays wider than the screen for {@link #SETTLE}: a page that
   * its script fills grows taller as it does, and for a moment Chromium reports the width it had
   * before its vertical scrollbar appeared.
   */
  private void checkWidth(String page, List<String> tooWide) {
    try {
      new WebDriverWait(driver, SETTLE, Duration.ofMillis(100))
          .until(webDriver -> contentWidth() <= viewportWidth());
    } catch (TimeoutException e) {
      tooWide.add(
          page + " is " + contentWidth() + " px wide on a " + viewportWidth() + " px screen");
    }
    browser.screenshot("narrow" + page.replace('/', '-'));
  }

  private long contentWidth() {
    return (Long) driver.executeScript("return document.documentElement.scrollWidth");
  }

  private long viewportWidth() {
    return (Long) driver.executeScript("return document.documentElement.clientWidth");
  }
}
