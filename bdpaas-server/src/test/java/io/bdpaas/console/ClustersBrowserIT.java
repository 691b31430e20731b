package io.bdpaas.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openqa.selenium.support.ui.ExpectedConditions.invisibilityOf;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOf;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Browser;
import io.bdpaas.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Clusters and Products pages in a real browser (Debian's headless Chromium), against a real
 * server whose local backend starts real processes: a cluster of the built-in {@code hello} product
 * (each node a tiny JDK HTTP server) is created through the generated options form, watched until
 * ready on its self-refreshing detail page, its node log read, and destroyed through the
 * confirmation dialog. Screenshots of every page go to {@code target/screenshots}.
 */
class ClustersBrowserIT {
  private static final Path RUNTIME_DIR =
      Path.of("..", "bdpaas-runtime", "target", "runtime").toAbsolutePath().normalize();
  private static final Duration CLUSTER_WAIT = Duration.ofSeconds(120);

  private static TestServer server;
  private static Browser browser;
  private static ChromeDriver driver;
  private static WebDriverWait wait;

  @RegisterExtension
  static final AfterTestExecutionCallback SCREENSHOT_ON_FAILURE =
      Browser.screenshotOnFailure(() -> browser);

  @BeforeAll
  static void startServerAndBrowser() throws IOException {
    browser = Browser.start();
    driver = browser.driver();
    wait = browser.driverWait();
    server = TestServer.start(Map.of("bdpaas.runtime-dir", RUNTIME_DIR.toString()));
  }

  @AfterAll
  static void stopBrowserAndServer() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (server != null) {
        destroyLeftoverClusters();
        server.close();
      }
    }
  }

  /**
   * Node processes outlive the control plane by design (a restarted server adopts them), so a test
   * that failed half-way destroys what it created before the server stops.
   */
  private static void destroyLeftoverClusters() {
    ApiClient admin = server.admin();
    List<String> left = new ArrayList<>();
    admin
        .get("/api/v1/clusters?size=500")
        .expectStatus(200)
        .json()
        .get("items")
        .forEach(
            cluster -> {
              if (!cluster.get("status").asString().equals("destroyed")) {
                String id = cluster.get("id").asString();
                admin.delete("/api/v1/clusters/" + id).expectStatus(202);
                left.add(id);
              }
            });
    for (String id : left) {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  admin
                      .get("/api/v1/clusters/" + id)
                      .json()
                      .get("status")
                      .asString()
                      .equals("destroyed"));
    }
  }

  @BeforeEach
  void signInAsAdmin() {
    open("/login");
    driver.manage().deleteAllCookies();
    browser.login(server, TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
  }

  @Test
  void createsWatchesReadsLogsOfAndDestroysReferenceCluster() {
    driver.findElement(By.linkText("Clusters")).click();
    wait.until(urlMatches(".*/clusters$"));
    assertThat(driver.findElement(By.cssSelector(".sections a.active")).getText())
        .isEqualTo("Clusters");
    assertThat(driver.findElement(By.cssSelector("#no-clusters h2")).getText())
        .isEqualTo("No clusters yet");
    assertThat(driver.findElements(By.cssSelector("[data-auto-refresh]")))
        .as("nothing to watch")
        .isEmpty();
    browser.screenshot("clusters-empty");

    driver.findElement(By.id("empty-create-cluster")).click();
    wait.until(urlContains("/clusters/new"));
    // The name typed before switching product is carried over when the form reloads.
    driver.findElement(By.id("cluster-name")).sendKeys("browser-ref");
    WebElement html = driver.findElement(By.tagName("html"));
    new Select(driver.findElement(By.id("product-choice"))).selectByVisibleText("hello 1.0.0");
    wait.until(Browser.gone(html));
    wait.until(urlContains("product=hello"));
    assertThat(driver.findElement(By.id("cluster-name")).getDomProperty("value"))
        .isEqualTo("browser-ref");
    WebElement heap = driver.findElement(By.id("option-node-heap"));
    assertThat(heap.getDomAttribute("type")).isEqualTo("number");
    assertThat(heap.getDomAttribute("step")).isEqualTo("1");
    assertThat(heap.getDomProperty("value")).isEqualTo("64");
    assertThat(optionField("node.heap").getText()).contains("Maximum heap of each node's JVM (MB)");
    WebElement advanced = driver.findElement(By.id("options-advanced"));
    assertThat(advanced.getDomAttribute("open")).as("advanced options collapsed").isNull();
    assertThat(driver.findElement(By.id("option-node-cores")).getDomAttribute("step"))
        .isEqualTo("any");
    browser.screenshot("cluster-new");

    WebElement size = driver.findElement(By.id("cluster-size"));
    size.clear();
    size.sendKeys("0");
    heap.clear();
    heap.sendKeys("48");
    browser.submitAndWaitForReload(By.id("create-cluster"));

    assertThat(driver.getCurrentUrl()).endsWith("/clusters");
    WebElement sizeField = driver.findElement(By.id("cluster-size")).findElement(By.xpath(".."));
    assertThat(sizeField.findElement(By.className("field-error")).getText())
        .isEqualTo("must be between 1 and 100, got 0");
    assertThat(driver.findElement(By.id("cluster-size")).getDomAttribute("class"))
        .contains("invalid");
    assertThat(driver.findElement(By.id("option-node-heap")).getDomProperty("value"))
        .as("option value kept")
        .isEqualTo("48");
    assertThat(driver.findElement(By.id("cluster-name")).getDomProperty("value"))
        .isEqualTo("browser-ref");
    browser.screenshot("cluster-new-invalid");

    size = driver.findElement(By.id("cluster-size"));
    size.clear();
    size.sendKeys("2");
    browser.submitAndWaitForReload(By.id("create-cluster"));

    wait.until(urlMatches(".*/clusters/c-[0-9a-z]+$"));
    assertThat(driver.findElement(By.cssSelector(".flash-notice")).getText())
        .startsWith("Cluster browser-ref created");
    assertThat(driver.findElement(By.id("cluster-name")).getText()).isEqualTo("browser-ref");
    assertThat(driver.findElement(By.id("cluster-options")).getText()).contains("node.heap=48");
    browser.screenshot("cluster-starting");

    String status = awaitStatus("ready");
    assertThat(status).isEqualTo("ready");
    assertThat(driver.findElements(By.cssSelector("[data-auto-refresh]")))
        .as("a ready cluster stops refreshing")
        .isEmpty();
    List<WebElement> nodes = driver.findElements(By.cssSelector("#nodes-table tbody tr"));
    assertThat(nodes).hasSize(2);
    assertThat(nodes)
        .allSatisfy(
            node ->
                assertThat(node.findElement(By.className("node-state")).getText())
                    .isEqualTo("running"));
    assertThat(driver.findElement(By.id("endpoints")).getText()).contains("http://127.0.0.1:");
    assertThat(driver.findElement(By.cssSelector("#services-table tbody")).getText())
        .contains("hello")
        .contains("running")
        .contains("heapMb=48");
    assertThat(driver.findElement(By.id("events-table")).getText()).contains("ready");
    browser.screenshot("cluster-ready");

    driver.findElement(By.cssSelector("#nodes-table tr[data-node='node-0'] a.node-log")).click();
    wait.until(urlContains("/nodes/node-0/log"));
    assertThat(driver.findElement(By.id("log")).getText()).contains("hello node node-0 listening");
    assertThat(driver.findElement(By.id("stream-stdout")).getDomAttribute("class"))
        .contains("active");
    assertThat(driver.findElement(By.id("download-log")).getDomAttribute("href"))
        .contains("/api/v1/clusters/")
        .contains("/nodes/node-0/log")
        .contains("download=true")
        .contains("stream=stdout");
    browser.screenshot("cluster-node-log");
    driver.findElement(By.id("stream-stderr")).click();
    wait.until(urlContains("stream=stderr"));
    assertThat(driver.findElement(By.id("stream-stderr")).getDomAttribute("class"))
        .contains("active");
    driver.findElement(By.id("back-to-cluster")).click();
    wait.until(urlMatches(".*/clusters/c-[0-9a-z]+$"));

    // Resize from the page: a size beyond the quota is refused with the reason, nothing changed;
    // a size that fits adds a node while the others keep running.
    WebElement resize = driver.findElement(By.id("resize-size"));
    resize.clear();
    resize.sendKeys("100");
    browser.submitAndWaitForReload(By.id("resize-cluster"));
    assertThat(driver.findElement(By.cssSelector(".flash-error")).getText())
        .startsWith("Not resized:")
        .contains("quota");
    assertThat(driver.findElements(By.cssSelector("#nodes-table tbody tr"))).hasSize(2);
    resize = driver.findElement(By.id("resize-size"));
    resize.clear();
    resize.sendKeys("3");
    browser.submitAndWaitForReload(By.id("resize-cluster"));
    assertThat(driver.findElement(By.cssSelector(".flash-notice")).getText())
        .startsWith("Resizing cluster browser-ref from 2 to 3");
    new WebDriverWait(driver, CLUSTER_WAIT, Duration.ofMillis(500))
        .ignoring(StaleElementReferenceException.class)
        .until(
            webDriver ->
                currentStatus().equals("ready")
                    && driver.findElements(By.cssSelector("#nodes-table tbody tr")).size() == 3);
    assertThat(driver.findElement(By.id("events-table")).getText())
        .contains("resizing from 2 to 3");
    browser.screenshot("cluster-resized");

    WebElement dialog = driver.findElement(By.id("confirm-dialog"));
    driver.findElement(By.id("destroy-cluster")).click();
    wait.until(visibilityOf(dialog));
    assertThat(driver.findElement(By.id("confirm-message")).getText())
        .contains("browser-ref")
        .contains("will be stopped");
    browser.screenshot("cluster-confirm-destroy");
    driver.findElement(By.id("confirm-cancel")).click();
    wait.until(invisibilityOf(dialog));
    assertThat(currentStatus()).as("kept after Cancel").isEqualTo("ready");

    html = driver.findElement(By.tagName("html"));
    driver.findElement(By.id("destroy-cluster")).click();
    wait.until(visibilityOf(driver.findElement(By.id("confirm-dialog"))));
    driver.findElement(By.id("confirm-ok")).click();
    wait.until(Browser.gone(html));

    assertThat(awaitStatus("destroyed")).isEqualTo("destroyed");
    assertThat(driver.findElements(By.id("destroy-cluster"))).as("no Destroy once gone").isEmpty();
    assertThat(driver.findElement(By.id("events-table")).getText()).contains("destroy requested");
    browser.screenshot("cluster-destroyed");
    String clusterId = driver.findElement(By.id("cluster-page")).getDomAttribute("data-cluster-id");
    assertThat(nodeProcesses(clusterId)).as("node processes left running").isEmpty();

    open("/clusters");
    WebElement row =
        driver.findElement(By.cssSelector("#clusters-table tr[data-cluster-name='browser-ref']"));
    assertThat(row.findElement(By.className("cluster-status")).getText()).isEqualTo("destroyed");
    assertThat(row.getText()).contains("hello 1.0.0");
    new Select(driver.findElement(By.id("filter-status"))).selectByVisibleText("ready");
    wait.until(urlContains("status=ready"));
    assertThat(driver.findElement(By.id("no-matching-clusters")).getText())
        .contains("No cluster matches");
    open("/clusters");
    browser.screenshot("clusters-list");
  }

  @Test
  void browsesCatalogAndEditsRegisteredProduct() {
    driver.findElement(By.linkText("Admin")).click();
    wait.until(urlContains("/admin/users"));
    driver.findElement(By.id("admin-products-link")).click();
    wait.until(urlMatches(".*/products$"));
    assertThat(driver.findElement(By.id("admin-products-link")).getDomAttribute("class"))
        .contains("active");
    WebElement hello =
        driver.findElement(By.cssSelector("#products-table tr[data-product='hello']"));
    assertThat(hello.getText()).contains("1.0.0").contains("built in").contains("yes");
    browser.screenshot("products");

    hello.findElement(By.linkText("hello")).click();
    wait.until(urlContains("/products/hello/1.0.0"));
    assertThat(driver.findElement(By.id("builtin-notice")).getText())
        .contains("managed by the platform");
    assertThat(
            driver
                .findElement(By.cssSelector("#options-table tr[data-option='node.heap']"))
                .getText())
        .contains("optional")
        .contains("64");
    assertThat(driver.findElement(By.id("template-source")).getText()).contains("nodeGroups:");
    assertThat(driver.findElement(By.id("orchestrator-steps")).getText())
        .contains("start")
        .contains("await");
    assertThat(driver.findElements(By.id("options-form"))).as("built in: read-only").isEmpty();
    assertThat(driver.findElements(By.id("delete-product"))).isEmpty();
    browser.screenshot("product-hello");

    open("/products");
    driver.findElement(By.id("product-name")).sendKeys("browser-demo");
    driver.findElement(By.id("product-version")).sendKeys("1.0");
    browser.submitAndWaitForReload(By.id("register-product-submit"));
    WebElement descriptionField =
        driver.findElement(By.id("product-description")).findElement(By.xpath(".."));
    assertThat(descriptionField.getText()).contains("is required");
    assertThat(driver.findElement(By.id("product-name")).getDomProperty("value"))
        .isEqualTo("browser-demo");
    browser.screenshot("products-register-invalid");

    driver.findElement(By.id("product-description")).sendKeys("A product made in the browser");
    browser.submitAndWaitForReload(By.id("register-product-submit"));
    wait.until(urlContains("/products/browser-demo/1.0"));
    assertThat(driver.findElement(By.cssSelector(".flash-notice")).getText())
        .contains("browser-demo 1.0 registered");

    WebElement template = driver.findElement(By.id("template-text"));
    template.clear();
    template.sendKeys("nodeGroups:\n  - name: node\n    count: {{ size \n");
    browser.submitAndWaitForReload(By.id("save-template"));
    assertThat(driver.findElement(By.id("template-errors")).getText()).startsWith("template: ");
    assertThat(driver.findElement(By.id("template-text")).getDomAttribute("class"))
        .contains("invalid");
    browser.screenshot("product-template-error");

    WebElement orchestrator = driver.findElement(By.id("orchestrator-document"));
    orchestrator.clear();
    orchestrator.sendKeys("[{\"launch\": \"node\"}]");
    browser.submitAndWaitForReload(By.id("save-orchestrator"));
    assertThat(driver.findElement(By.id("orchestrator-errors")).getText())
        .contains("orchestrator[0].launch: unknown step");

    driver.executeScript("window.scrollTo(0, 0)");
    WebElement dialog = driver.findElement(By.id("confirm-dialog"));
    WebElement html = driver.findElement(By.tagName("html"));
    driver.findElement(By.id("delete-product")).click();
    wait.until(visibilityOf(dialog));
    assertThat(driver.findElement(By.id("confirm-message")).getText()).contains("browser-demo 1.0");
    driver.findElement(By.id("confirm-ok")).click();
    wait.until(Browser.gone(html));
    wait.until(urlMatches(".*/products$"));
    assertThat(driver.findElement(By.cssSelector(".flash-notice")).getText())
        .isEqualTo("Product browser-demo 1.0 deleted.");
    assertThat(
            driver.findElements(By.cssSelector("#products-table tr[data-product='browser-demo']")))
        .isEmpty();
  }

  /**
   * Waits until the detail page's status badge says {@code expected}; the page reloads itself while
   * the cluster is changing, and a failure ends the wait early with its reason.
   */
  private static String awaitStatus(String expected) {
    new WebDriverWait(driver, CLUSTER_WAIT, Duration.ofMillis(500))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class)
        .until(
            webDriver -> {
              String status = currentStatus();
              if (status.equals("failed") && !expected.equals("failed")) {
                throw new AssertionError(
                    "cluster failed: " + driver.findElement(By.id("status-reason")).getText());
              }
              return status.equals(expected);
            });
    wait.until(webDriver -> "complete".equals(driver.executeScript("return document.readyState")));
    return currentStatus();
  }

  private static String currentStatus() {
    return driver.findElement(By.cssSelector("#cluster-status .cluster-status")).getText();
  }

  private static WebElement optionField(String key) {
    return driver.findElement(By.cssSelector(".option-field[data-option='" + key + "']"));
  }

  /** Node processes of the local backend still alive: each carries -Dbdpaas.node=. */
  private static List<String> nodeProcesses(String clusterId) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .map(p -> p.info().commandLine().orElse(""))
        .filter(command -> command.contains("-Dbdpaas.node=" + clusterId + "/"))
        .toList();
  }

  private static void open(String path) {
    browser.open(server, path);
  }
}
