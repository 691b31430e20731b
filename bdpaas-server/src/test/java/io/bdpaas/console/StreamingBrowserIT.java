package io.bdpaas.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textMatches;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Browser;
import io.bdpaas.testing.Projects;
import io.bdpaas.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Streaming applications in a real browser (Debian's headless Chromium) against a real server whose
 * local backend starts a real Flink project: a streaming project made with the creation form lists
 * the demo packages in its Launch table; the word count is launched from it with changed properties
 * and saved as a configuration; the Applications table follows it to {@code running}; its own page
 * follows it live, shuts it down with a savepoint after the confirmation, and relaunches it from
 * that savepoint. A file that is not a jar is refused with the reason shown. Screenshots go to
 * {@code target/screenshots}.
 */
class StreamingBrowserIT {
  private static final String USER = "streaming-browser";
  private static final Duration READY = Duration.ofSeconds(240);
  private static final Duration CHANGE = Duration.ofSeconds(120);
  private static final Pattern LAUNCHED = Pattern.compile("launched as (sa-[a-z0-9]{8})");

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
  void launchesTheDemoFollowsItShutsItDownAndRelaunchesItFromItsSavepoint() throws IOException {
    browser.login(server, USER, TestServer.passwordOf(USER));
    browser.open(server, "/streaming");
    assertThat(driver.findElement(By.id("no-streaming-projects")).getText())
        .contains("No streaming projects yet");
    browser.click(driver.findElement(By.id("empty-new-streaming-project")));
    wait.until(urlMatches(".*/projects/new\\?kind=streaming$"));
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("New streaming project");
    assertThat(driver.findElements(By.id("project-connect-cores"))).isEmpty();
    browser.type("project-name", "browser-streams");
    browser.submitAndWaitForReload(By.id("create-project"));
    wait.until(urlMatches(".*/projects/p-[a-z0-9]{8}$"));
    assertThat(driver.findElement(By.id("project-size-text")).getText())
        .isEqualTo("1 TaskManager × 2 slots, 512 MB heap");
    assertThat(driver.findElements(By.id("project-connect"))).as("no Spark Connect").isEmpty();
    browser.awaitProjectStatus("ready", READY);

    // The Launch table: each application of the demo packages, none active.
    WebElement wordcount =
        wait.until(
            visibilityOfElementLocated(
                By.cssSelector("#launch-table tr[data-package='wordcount-demo']")));
    assertThat(wordcount.getText()).contains("wordcount-demo @ 1.0.0", "demo", "wordcount");
    assertThat(wordcount.findElement(By.cssSelector(".active-count")).getText()).isEqualTo("0");
    assertThat(driver.findElements(By.cssSelector("#launch-table tr[data-package='pi-demo']")))
        .hasSize(1);
    browser.type("launch-search", "pi");
    assertThat(wordcount.isDisplayed()).as("filtered out by the search").isFalse();
    driver.findElement(By.id("launch-search")).sendKeys(Keys.BACK_SPACE, Keys.BACK_SPACE);
    assertThat(wordcount.isDisplayed()).as("shown again").isTrue();
    browser.screenshot("streaming-launch-table");

    // Launch it with a lower rate, saved as a configuration.
    browser.click(wordcount.findElement(By.cssSelector(".launch-app")));
    WebElement properties = driver.findElement(By.id("launch-properties"));
    assertThat(properties.getDomProperty("value")).isEqualTo("rate=20000\nlines=0");
    properties.clear();
    properties.sendKeys("rate=2000\nlines=0");
    browser.type("launch-config-name", "wc browser");
    browser.screenshot("streaming-launch-form");
    browser.click(driver.findElement(By.id("launch-submit")));
    wait.until(textMatches(By.id("launch-notice"), LAUNCHED));
    String app = launched();
    assertThat(driver.findElement(By.id("launch-notice")).getText())
        .contains("saved as wc browser");
    assertThat(
            driver
                .findElement(By.cssSelector("#configs-table tr[data-config='wc browser']"))
                .getText())
        .contains("wordcount-demo @ 1.0.0", "rate=2000");
    awaitAppInTable(app, "running");
    browser.screenshot("streaming-applications");

    // Its page follows it; Shutdown asks first, then takes a savepoint.
    browser.click(
        driver.findElement(By.cssSelector("#apps-table tr[data-app='" + app + "'] a.app-link")));
    wait.until(urlMatches(".*/applications/" + app + "$"));
    awaitAppPageState("running");
    wait.until(textMatches(By.id("event-list"), Pattern.compile("launched as Flink job")));

    // The monitor's numbers change while the page is open, without a reload.
    WebElement html = driver.findElement(By.tagName("html"));
    String first =
        new WebDriverWait(driver, CHANGE, Duration.ofMillis(500))
            .until(
                page -> {
                  String total = driver.findElement(By.id("mon-processed-total")).getText();
                  return total.matches("[0-9][0-9,.\\s]*") && !total.equals("0") ? total : null;
                });
    new WebDriverWait(driver, CHANGE, Duration.ofMillis(500))
        .until(page -> !driver.findElement(By.id("mon-processed-total")).getText().equals(first));
    // Rates need two samples of the same attempt: shown from the second on.
    wait.until(textMatches(By.id("mon-processed-rate"), Pattern.compile("^[0-9][0-9,.\\s]*$")));
    wait.until(textMatches(By.id("mon-emitted-rate"), Pattern.compile("^[0-9][0-9,.\\s]*$")));
    assertThat(html.isDisplayed()).as("the same page, not reloaded").isTrue();
    // The graph is drawn with its operators, and the metric chart has its series.
    wait.until(textMatches(By.id("dag-chart"), Pattern.compile("count")));
    assertThat(driver.findElements(By.cssSelector("#dag-chart svg"))).isNotEmpty();
    wait.until(textMatches(By.id("metrics-chart"), Pattern.compile("processed/s")));
    assertThat(driver.findElement(By.id("physical-table")).getText()).contains("count");
    browser.screenshot("streaming-app-monitor");

    // A log level set from the page: the form starts from the application's own package.
    assertThat(driver.findElement(By.id("no-log-levels")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("log-level-logger")).getAttribute("value"))
        .isEqualTo("io.bdpaas.samples.flink");
    browser.click(driver.findElement(By.id("set-log-level")));
    wait.until(
        textMatches(By.id("log-level-result"), Pattern.compile("Written on .*taskmanager-0")));
    assertThat(driver.findElement(By.id("log-levels-table")).getText())
        .contains("io.bdpaas.samples.flink", "DEBUG", USER);
    wait.until(textMatches(By.id("event-list"), Pattern.compile("log level: io.bdpaas.samples")));
    browser.click(driver.findElement(By.cssSelector("#log-levels-table tr[data-logger] button")));
    wait.until(visibilityOfElementLocated(By.id("no-log-levels")));

    browser.click(
        driver.findElement(By.xpath("//div[@id='app-actions']//button[text()='Shutdown']")));
    WebElement dialog = wait.until(visibilityOfElementLocated(By.id("confirm-dialog")));
    assertThat(dialog.getText()).contains("A savepoint of its state is taken first");
    browser.click(driver.findElement(By.id("confirm-ok")));
    awaitAppPageState("shutdown");
    wait.until(textMatches(By.id("event-list"), Pattern.compile("savepoint taken: file:")));
    assertThat(driver.findElement(By.id("app-message")).getText())
        .startsWith("shut down with savepoint");
    browser.screenshot("streaming-app-shutdown");

    // Relaunch: a new instance from that savepoint.
    browser.waitForReloadAfter(() -> browser.click(driver.findElement(By.id("relaunch-app"))));
    wait.until(urlMatches(".*/applications/sa-[a-z0-9]{8}$"));
    assertThat(driver.getCurrentUrl()).doesNotEndWith(app);
    awaitAppPageState("running");
    assertThat(driver.findElement(By.id("app-restored")).getText()).contains("savepoint");
    browser.screenshot("streaming-app-relaunched");
    String relaunched = driver.getCurrentUrl().replaceAll(".*/applications/", "");

    // A file that is not a jar is refused with the reason.
    browser.click(driver.findElement(By.id("project-link")));
    Path notAJar = Files.createTempFile("not-a-jar", ".jar");
    try {
      Files.writeString(notAJar, "just text\n", StandardCharsets.UTF_8);
      WebElement input = wait.until(visibilityOfElementLocated(By.id("package-input")));
      input.sendKeys(notAJar.toString());
      browser.click(driver.findElement(By.id("upload-package")));
      wait.until(textMatches(By.id("packages-error"), Pattern.compile("was not uploaded: .+")));
    } finally {
      Files.deleteIfExists(notAJar);
    }

    // Flink's own dashboard, through the platform, from the project page: it shows the job.
    String dashboard =
        driver
            .findElement(By.cssSelector("#engine-uis [data-endpoint='dashboard'] a"))
            .getDomAttribute("href");
    assertThat(dashboard).startsWith("/clusters/").endsWith("/ui/#/overview");
    browser.open(server, dashboard);
    new WebDriverWait(driver, CHANGE, Duration.ofMillis(500))
        .until(
            page -> {
              String text = driver.findElement(By.tagName("body")).getText();
              return text.contains("wordcount-demo") && text.contains("RUNNING");
            });
    assertThat(driver.getCurrentUrl()).contains("/clusters/").contains("/ui/#/");
    browser.screenshot("flink-dashboard");
    browser.open(server, "/streaming");

    // The overview counts it and its records per second, and links to the list of running ones,
    // where it is killed (asked first).
    browser.click(driver.findElement(By.id("overview-link")));
    new WebDriverWait(driver, CHANGE, Duration.ofMillis(500))
        .until(
            page ->
                driver.findElement(By.id("ov-stream-apps")).getText().equals("1")
                    && driver
                        .findElement(By.id("ov-stream-processed"))
                        .getText()
                        .matches("[1-9][0-9,.\\s]*"));
    browser.screenshot("overview");
    browser.click(
        driver.findElement(
            By.cssSelector(
                "#ov-applications tr[data-type='streaming'] td[data-phase='running'] a")));
    wait.until(urlMatches(".*/applications\\?type=streaming&phase=running$"));
    By row = By.cssSelector("#applications-table tr[data-app='" + relaunched + "']");
    wait.until(visibilityOfElementLocated(row));
    assertThat(driver.findElement(row).getText()).contains("wordcount", "running");
    browser.screenshot("applications");
    browser.click(driver.findElement(row).findElement(By.xpath(".//button[text()='Kill']")));
    WebElement question = wait.until(visibilityOfElementLocated(By.id("confirm-dialog")));
    assertThat(question.getText()).contains("without a savepoint");
    browser.click(driver.findElement(By.id("confirm-ok")));
    // Killed, it leaves the running ones.
    new WebDriverWait(driver, CHANGE, Duration.ofMillis(500))
        .ignoring(StaleElementReferenceException.class)
        .until(page -> driver.findElements(row).isEmpty());
    assertThat(api.get("/api/v1/applications/" + relaunched).json().get("phase").asString())
        .isIn("running", "killed");
    new WebDriverWait(driver, CHANGE, Duration.ofMillis(500))
        .until(
            page ->
                api.get("/api/v1/applications/" + relaunched)
                    .json()
                    .get("phase")
                    .asString()
                    .equals("killed"));
  }

  private static String launched() {
    Matcher matcher = LAUNCHED.matcher(driver.findElement(By.id("launch-notice")).getText());
    assertThat(matcher.find()).isTrue();
    return matcher.group(1);
  }

  private static void awaitAppInTable(String app, String expected) {
    new WebDriverWait(driver, CHANGE, Duration.ofMillis(500))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class)
        .until(
            page ->
                driver
                    .findElement(By.cssSelector("#apps-table tr[data-app='" + app + "']"))
                    .getDomAttribute("data-state")
                    .equals(expected));
  }

  private static void awaitAppPageState(String expected) {
    new WebDriverWait(driver, CHANGE, Duration.ofMillis(500))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class)
        .until(page -> driver.findElement(By.id("app-state")).getText().equals(expected));
  }
}
