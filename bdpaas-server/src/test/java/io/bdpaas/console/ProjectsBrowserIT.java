package io.bdpaas.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.invisibilityOf;
import static org.openqa.selenium.support.ui.ExpectedConditions.textMatches;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElement;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOf;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Browser;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.Projects;
import io.bdpaas.testing.TestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Projects pages in a real browser (Debian's headless Chromium) against a real server whose
 * local backend starts a real Spark project: created through the form (after its problems are shown
 * beside their fields), seen on the list, watched until ready on its self-refreshing page with its
 * nodes and engine UIs, its token revealed from the API on demand, stopped through the confirmation
 * dialog, and deleted after typing its name. Screenshots go to {@code target/screenshots}.
 */
class ProjectsBrowserIT {
  private static final String USER = "project-browser";
  private static final Duration READY = Duration.ofSeconds(240);
  private static final Duration DESTROYED = Duration.ofSeconds(90);

  private static TestServer server;
  private static ApiClient api;
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
    server = TestServer.start();
    api = server.newUser(USER);
  }

  @AfterAll
  static void stopBrowserAndServer() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (server != null) {
        Projects.deleteAll(api);
        server.close();
      }
    }
  }

  @Test
  void createsWatchesRevealsTheTokenOfStopsAndDeletesAProject() throws IOException {
    browser.login(server, USER, TestServer.passwordOf(USER));
    driver.findElement(By.linkText("Projects")).click();
    wait.until(urlMatches(".*/projects$"));
    assertThat(driver.findElement(By.cssSelector("#no-projects h2")).getText())
        .isEqualTo("No projects yet");
    browser.screenshot("projects-empty");

    driver.findElement(By.id("empty-new-project")).click();
    wait.until(urlContains("/projects/new"));
    assertThat(value("project-workers")).isEqualTo("1");
    assertThat(value("project-worker-cores")).isEqualTo("3");
    assertThat(value("project-worker-memory")).isEqualTo("1536");
    assertThat(value("project-connect-cores")).isEqualTo("1");
    assertThat(driver.findElement(By.id("connect-cores-help")).getText())
        .contains("for its whole life");
    browser.screenshot("project-new");

    driver.findElement(By.id("project-name")).sendKeys("Browser Sales");
    browser.type("project-connect-cores", "5");
    driver.findElement(By.id("project-description")).sendKeys("Made in the browser");
    browser.submitAndWaitForReload(By.id("create-project"));

    assertThat(fieldError("project-name")).startsWith("must be 1 to 63 lower-case letters");
    assertThat(fieldError("project-connect-cores"))
        .startsWith("must be between 1 and the workers' cores (3)");
    assertThat(driver.findElement(By.id("project-connect-cores")).getDomAttribute("class"))
        .contains("invalid");
    assertThat(value("project-description")).isEqualTo("Made in the browser");
    browser.screenshot("project-new-invalid");

    browser.type("project-name", "browser-sales");
    browser.type("project-connect-cores", "1");
    browser.submitAndWaitForReload(By.id("create-project"));

    wait.until(urlMatches(".*/projects/p-[a-z0-9]{8}$"));
    assertThat(driver.findElement(By.cssSelector(".flash-notice")).getText())
        .startsWith("Project browser-sales created");
    String id = driver.findElement(By.id("project-page")).getDomAttribute("data-project-id");
    assertThat(driver.findElement(By.id("project-files")).getText()).startsWith("Storage");
    assertThat(driver.findElement(By.id("project-notebooks")).getText()).startsWith("Notebooks");
    String cluster = driver.findElement(By.id("project-cluster-link")).getText();
    assertThat(cluster).startsWith("c-");
    browser.screenshot("project-starting");

    open("/projects");
    WebElement row =
        driver.findElement(By.cssSelector("#projects-table tr[data-project-name='browser-sales']"));
    assertThat(row.getText()).contains("spark").contains("1 worker × 3 cores, 1536 MB");
    browser.screenshot("projects-list");
    row.findElement(By.linkText("browser-sales")).click();
    wait.until(urlContains("/projects/" + id));

    assertThat(awaitStatus("ready")).isEqualTo("ready");
    assertThat(driver.findElements(By.cssSelector("[data-auto-refresh]")))
        .as("a ready project stops refreshing")
        .isEmpty();
    List<WebElement> nodes = driver.findElements(By.cssSelector("#project-nodes-table tbody tr"));
    assertThat(nodes).hasSize(3);
    assertThat(nodes)
        .allSatisfy(
            node ->
                assertThat(node.findElement(By.className("node-state")).getText())
                    .isEqualTo("running"));
    // The Spark master's UI, served by the platform: it lists the Connect server's application.
    String masterUi =
        driver
            .findElement(By.cssSelector("#engine-uis [data-endpoint='masterUi'] a"))
            .getDomAttribute("href");
    assertThat(masterUi).matches("/clusters/c-[a-z0-9]{8}/ui/");
    String projectPage = driver.getCurrentUrl();
    browser.open(server, masterUi);
    wait.until(textMatches(By.tagName("body"), Pattern.compile("Running Applications \\(1\\)")));
    assertThat(driver.getTitle()).startsWith("Spark Master at spark://");
    browser.click(driver.findElement(By.partialLinkText("(Spark Connect)")));
    wait.until(textMatches(By.tagName("body"), Pattern.compile("Spark Jobs")));
    assertThat(driver.getCurrentUrl()).contains(masterUi + "proxy/app-");
    browser.screenshot("spark-connect-ui");
    driver.get(projectPage);
    String url = driver.findElement(By.id("connect-url")).getText();
    assertThat(url).startsWith("sc://localhost:");

    // The token is not in the page until asked for; then it comes from the API.
    String token = api.get("/api/v1/projects/" + id + "/connect").json().get("token").asString();
    assertThat(driver.getPageSource()).doesNotContain(token);
    assertThat(driver.findElement(By.id("copy-token")).isDisplayed()).isFalse();
    driver.findElement(By.id("reveal-token")).click();
    wait.until(textMatches(By.id("connect-token"), Pattern.compile(Pattern.quote(token))));
    assertThat(driver.findElement(By.id("snippet-jvm")).getText())
        .contains("SparkSession.builder()")
        .contains(".remote(\"" + url + "/;token=" + token + "\")");
    assertThat(driver.findElement(By.id("snippet-pyspark")).getText())
        .contains("SparkSession.builder.remote(")
        .contains(url + "/;token=" + token);
    assertThat(driver.findElement(By.id("copy-token")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("reveal-token")).isDisplayed()).isFalse();
    browser.screenshot("project-ready-token");

    // Storage: the sample dataset is listed with the space used; a file is uploaded and deleted.
    wait.until(
        visibilityOf(driver.findElement(By.cssSelector("#files-table tr[data-file='sales.csv']"))));
    assertThat(driver.findElement(By.id("storage-used")).getText()).endsWith("used");
    java.nio.file.Path upload = java.nio.file.Files.createTempFile("trips-", ".csv");
    java.nio.file.Files.writeString(upload, "city,km\nBern,12\n");
    String uploaded = upload.getFileName().toString();
    driver.findElement(By.id("upload-input")).sendKeys(upload.toAbsolutePath().toString());
    driver.findElement(By.id("upload-files")).click();
    wait.until(
        textMatches(
            By.id("upload-progress"), Pattern.compile(Pattern.quote(uploaded) + ": uploaded")));
    WebElement uploadedRow =
        wait.until(
            visibilityOf(
                driver.findElement(
                    By.cssSelector("#files-table tr[data-file='" + uploaded + "']"))));
    assertThat(uploadedRow.getText()).contains("16 B");
    assertThat(api.get("/api/v1/projects/" + id + "/files/" + uploaded).body())
        .isEqualTo("city,km\nBern,12\n");
    uploadedRow.findElement(By.tagName("button")).click();
    driver.switchTo().alert().accept();
    wait.until(Browser.gone(uploadedRow));
    java.nio.file.Files.delete(upload);
    api.get("/api/v1/projects/" + id + "/files/" + uploaded).expectProblem(404, "NOT_FOUND");

    // Notebooks: the sample notebook is linked; run all of it, see its table and its chart.
    WebElement sample =
        wait.until(visibilityOf(driver.findElement(By.cssSelector("#notebook-links li a"))));
    assertThat(sample.getText()).isEqualTo("Getting started");
    sample.click();
    wait.until(attributeToBe(By.id("notebook-page"), "data-loaded", "true"));
    driver.findElement(By.id("run-all")).click();
    WebDriverWait runs = new WebDriverWait(driver, Duration.ofSeconds(120));
    List<WebElement> sql = driver.findElements(By.cssSelector(".paragraph-sql"));
    assertThat(sql).hasSize(3);
    for (WebElement paragraph : sql) {
      runs.until(
          textToBePresentInElement(
              paragraph.findElement(By.cssSelector(".run-status")), "finished"));
    }
    runs.until(visibilityOf(sql.get(1).findElement(By.cssSelector(".chart canvas"))));
    WebElement units = sql.get(2);
    runs.until(page -> units.findElements(By.cssSelector(".result-table tbody tr")).size() == 5);
    assertThat(units.findElement(By.cssSelector(".result-table")).getText()).contains("Laptop");
    browser.screenshot("sample-notebook-run-all");

    // The schema browser lists the view the sample made.
    driver.findElement(By.cssSelector("#schema-browser summary")).click();
    // Located again at each look: opening the browser reads the catalog again and redraws it.
    runs.until(
        visibilityOfElementLocated(By.cssSelector("#schema-tree [data-table='sales'] summary")));

    // A long paragraph added below is cancelled while its Spark job runs.
    units.findElement(By.cssSelector(".add-sql")).click();
    wait.until(page -> page.findElements(By.cssSelector(".paragraph-sql")).size() == 4);
    WebElement slow = driver.findElements(By.cssSelector(".paragraph-sql")).get(3);
    slow.findElement(By.cssSelector(".CodeMirror")).click();
    driver
        .switchTo()
        .activeElement()
        .sendKeys("SELECT sum(id * id % 7) FROM range(0, 100000000000)");
    slow.findElement(By.cssSelector(".run-paragraph")).click();
    runs.until(
        textToBePresentInElement(slow.findElement(By.cssSelector(".run-status")), "running"));
    slow.findElement(By.cssSelector(".cancel-paragraph")).click();
    runs.until(
        textToBePresentInElement(slow.findElement(By.cssSelector(".run-status")), "cancelled"));
    browser.screenshot("sample-notebook-cancelled");
    driver.navigate().to(driver.getCurrentUrl().replaceFirst("/notebooks/.*$", ""));
    wait.until(attributeToBe(By.id("project-page"), "data-project-id", id));

    WebElement dialog = driver.findElement(By.id("confirm-dialog"));
    driver.findElement(By.id("rotate-token")).click();
    wait.until(visibilityOf(dialog));
    assertThat(driver.findElement(By.id("confirm-message")).getText())
        .contains("stops working")
        .contains("restarts on a new cluster");
    driver.findElement(By.id("confirm-cancel")).click();
    wait.until(invisibilityOf(dialog));

    driver.executeScript("window.scrollTo(0, 0)"); // the header's Stop, not under the top bar
    driver.findElement(By.id("stop-project")).click();
    wait.until(visibilityOf(dialog));
    assertThat(driver.findElement(By.id("confirm-message")).getText())
        .contains("browser-sales")
        .contains("Notebooks, tables and files are kept");
    assertThat(driver.findElement(By.id("confirm-typed")).isDisplayed()).isFalse();
    browser.screenshot("project-confirm-stop");
    WebElement html = driver.findElement(By.tagName("html"));
    driver.findElement(By.id("confirm-ok")).click();
    wait.until(Browser.gone(html));

    assertThat(currentStatus()).isEqualTo("stopped");
    assertThat(driver.findElement(By.cssSelector(".flash-notice")).getText())
        .contains("stopped")
        .contains("Notebooks, tables and files are kept");
    assertThat(driver.findElements(By.id("start-project"))).hasSize(1);
    assertThat(driver.findElement(By.id("connect-url-pending")).getText())
        .isEqualTo("Appears when the project runs.");
    Clusters.awaitStatus(api, cluster, "destroyed", DESTROYED);
    assertThat(Clusters.markedProcesses(cluster)).as("processes left running").isEmpty();
    browser.screenshot("project-stopped");

    dialog = driver.findElement(By.id("confirm-dialog"));
    driver.findElement(By.id("delete-project")).click();
    wait.until(visibilityOf(dialog));
    assertThat(driver.findElement(By.id("confirm-message")).getText())
        .contains("tables, files and notebooks are deleted");
    WebElement ok = driver.findElement(By.id("confirm-ok"));
    WebElement typed = driver.findElement(By.id("confirm-typed-input"));
    assertThat(ok.isEnabled()).as("nothing typed yet").isFalse();
    typed.sendKeys("browser-sale");
    assertThat(ok.isEnabled()).as("not quite the name").isFalse();
    typed.sendKeys("s");
    assertThat(ok.isEnabled()).isTrue();
    browser.screenshot("project-confirm-delete");
    html = driver.findElement(By.tagName("html"));
    ok.click();
    wait.until(Browser.gone(html));

    wait.until(urlMatches(".*/projects$"));
    assertThat(driver.findElement(By.cssSelector(".flash-notice")).getText())
        .isEqualTo("Project browser-sales deleted, with its cluster, tables, files and notebooks.");
    assertThat(driver.findElements(By.id("no-projects"))).hasSize(1);
    api.get("/api/v1/projects/" + id).expectProblem(404, "NOT_FOUND");
  }

  /**
   * Waits until the project page's status badge says {@code expected}; the page reloads itself
   * while the project starts, and a failure ends the wait early with its reason.
   */
  private static String awaitStatus(String expected) {
    new WebDriverWait(driver, READY, Duration.ofMillis(500))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class)
        .until(
            webDriver -> {
              String status = currentStatus();
              if (status.equals("failed") && !expected.equals("failed")) {
                throw new AssertionError(
                    "project failed: " + driver.findElement(By.id("status-reason")).getText());
              }
              return status.equals(expected);
            });
    wait.until(webDriver -> "complete".equals(driver.executeScript("return document.readyState")));
    return currentStatus();
  }

  private static String currentStatus() {
    return driver.findElement(By.cssSelector("#project-status .cluster-status")).getText();
  }

  private static String value(String inputId) {
    return driver.findElement(By.id(inputId)).getDomProperty("value");
  }

  private static String fieldError(String inputId) {
    return driver
        .findElement(By.id(inputId))
        .findElement(By.xpath(".."))
        .findElement(By.className("field-error"))
        .getText();
  }

  private static void open(String path) {
    browser.open(server, path);
  }
}
