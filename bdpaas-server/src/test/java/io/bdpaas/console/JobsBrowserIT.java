package io.bdpaas.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.invisibilityOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textMatches;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOf;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Browser;
import io.bdpaas.testing.Projects;
import io.bdpaas.testing.TestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Batch jobs in a real browser (Debian's headless Chromium) against a real server whose local
 * backend starts a real Spark project. On the project page, the Jobs section lists the sample job
 * {@code sample-pi}; Run starts it and the Runs table follows it live to {@code finished}; its run
 * page shows "Pi is roughly 3.14" in the driver's stdout as the platform kept it. A job made
 * through the New job form (after a problem shown beside its field) runs the sample word count
 * without the file it needs, ends {@code failed} with its error shown in the table and on its page,
 * and is deleted after typing its name. Screenshots go to {@code target/screenshots}.
 */
class JobsBrowserIT {
  private static final String USER = "jobs-browser";
  private static final String FAILING_JOB = "word-count-without-file";
  private static final Duration READY = Duration.ofSeconds(240);
  private static final Duration RUN = Duration.ofSeconds(180);
  private static final Pattern STARTED = Pattern.compile("^Run (r-[a-z0-9]{8}) of (\\S+) started");

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
  void runsTheSampleJobAndAJobMadeInTheFormAndFollowsTheirRuns() {
    browser.login(server, USER, TestServer.passwordOf(USER));
    open("/projects/new");
    browser.type("project-name", "browser-jobs");
    browser.submitAndWaitForReload(By.id("create-project"));
    wait.until(urlMatches(".*/projects/p-[a-z0-9]{8}$"));
    String project = driver.findElement(By.id("project-page")).getDomAttribute("data-project-id");
    browser.awaitProjectStatus("ready", READY);

    // The Jobs section lists the sample jobs every project gets.
    WebElement pi =
        wait.until(
            visibilityOfElementLocated(
                By.cssSelector("#jobs-table tr[data-job-name='sample-pi']")));
    assertThat(pi.getText())
        .contains("jar", "io.bdpaas.samples.SparkPi", "bdpaas-spark-samples.jar", "manual")
        .contains("enabled");
    assertThat(
            driver.findElements(
                By.cssSelector("#jobs-table tr[data-job-name='sample-word-count']")))
        .hasSize(1);
    assertThat(driver.findElement(By.id("no-runs")).getText()).startsWith("No runs yet");
    driver.executeScript("document.getElementById('project-jobs').scrollIntoView()");
    browser.screenshot("jobs-section");

    // Run: the run shows up at once, the table refreshes itself while it is active, and it
    // finishes.
    browser.click(pi.findElement(By.cssSelector(".run-job")));
    String piRun = startedRun("sample-pi");
    wait.until(visibilityOfElementLocated(By.id("runs-refresh-hint")));
    awaitRunInTable(piRun, "finished");
    WebElement finished = runRow(piRun);
    assertThat(finished.getText()).contains("sample-pi", "manual");
    assertThat(finished.findElements(By.tagName("td")).get(6).getText())
        .matches("\\d+ (ms|s|min \\d+ s)");
    wait.until(invisibilityOfElementLocated(By.id("runs-refresh-hint")));
    browser.screenshot("jobs-run-finished");

    // The run page shows the driver's output as the platform kept it.
    browser.click(finished.findElement(By.cssSelector("a.run-link")));
    wait.until(urlContains("/projects/" + project + "/runs/" + piRun));
    assertThat(driver.findElement(By.id("run-state")).getText()).isEqualTo("finished");
    assertThat(driver.findElement(By.id("run-job-name")).getText()).isEqualTo("sample-pi");
    assertThat(driver.findElement(By.id("kill-form")).isDisplayed()).isFalse();
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(textMatches(By.id("log-stdout"), Pattern.compile("Pi is roughly 3\\.14")));
    wait.until(textToBePresentInElementLocated(By.id("log-state"), "the run has ended"));
    assertThat(driver.findElement(By.id("download-stdout")).getDomAttribute("href"))
        .isEqualTo("/api/v1/projects/" + project + "/runs/" + piRun + "/log.txt?stream=stdout");
    browser.screenshot("run-page-stdout");
    browser.click(driver.findElement(By.id("tab-stderr")));
    wait.until(visibilityOfElementLocated(By.id("log-stderr")));
    wait.until(textMatches(By.id("log-stderr"), Pattern.compile("SparkContext")));
    assertThat(driver.findElement(By.id("log-stdout")).isDisplayed()).isFalse();
    browser.screenshot("run-page-stderr");

    // New job: a problem is shown beside its field, then the job is made from the sample jar.
    browser.click(driver.findElement(By.id("project-link")));
    wait.until(attributeToBe(By.id("project-page"), "data-project-id", project));
    browser.click(driver.findElement(By.id("new-job-toggle")));
    wait.until(
        page ->
            !driver
                .findElements(By.cssSelector("#job-jar option[value='bdpaas-spark-samples.jar']"))
                .isEmpty());
    browser.type("job-name", FAILING_JOB);
    new Select(driver.findElement(By.id("job-jar"))).selectByValue("bdpaas-spark-samples.jar");
    browser.type("job-main-class", "io.bdpaas.samples.WordCount");
    assertThat(value("job-driver-cores")).isEqualTo("1");
    assertThat(value("job-executor-memory")).isEqualTo("512");
    browser.type("job-driver-memory", "100");
    browser.click(driver.findElement(By.id("create-job")));
    WebElement memoryError =
        wait.until(visibilityOfElementLocated(By.cssSelector("#job-driver-memory ~ .field-error")));
    assertThat(memoryError.getText()).isEqualTo("must be between 256 and 65536");
    assertThat(driver.findElement(By.id("job-driver-memory")).getDomAttribute("class"))
        .contains("invalid");
    assertThat(driver.findElements(By.cssSelector("#new-job-form .field-error"))).hasSize(1);
    assertThat(driver.findElement(By.id("new-job-errors")).getText())
        .startsWith("The job was not created: fix the highlighted field.");
    browser.screenshot("new-job-invalid");

    browser.type("job-driver-memory", "512");
    browser.click(driver.findElement(By.id("create-job")));
    wait.until(
        textToBePresentInElementLocated(By.id("jobs-notice"), "Job " + FAILING_JOB + " created."));
    WebElement made =
        wait.until(
            visibilityOfElementLocated(
                By.cssSelector("#jobs-table tr[data-job-name='" + FAILING_JOB + "']")));
    assertThat(made.getText()).contains("io.bdpaas.samples.WordCount", "manual");
    assertThat(driver.findElement(By.id("new-job-form")).isDisplayed()).isFalse();
    assertThat(driver.findElements(By.cssSelector("#new-job-form .field-error"))).isEmpty();

    // Without the file it counts, the word count fails: the table and the run page say why.
    browser.click(made.findElement(By.cssSelector(".run-job")));
    String failedRun = startedRun(FAILING_JOB);
    awaitRunInTable(failedRun, "failed");
    String reason = runRow(failedRun).findElement(By.cssSelector(".run-reason")).getText();
    assertThat(reason).isNotBlank();
    new Select(driver.findElement(By.id("runs-state"))).selectByValue("failed");
    wait.until(
        page -> {
          List<WebElement> rows = driver.findElements(By.cssSelector("#runs-table tbody tr"));
          return rows.size() == 1
              && failedRun.equals(rows.get(0).getDomAttribute("data-run-id"))
              && driver.findElement(By.id("runs-count")).getText().equals("1 run");
        });
    browser.screenshot("jobs-run-failed");

    browser.click(runRow(failedRun).findElement(By.cssSelector("a.run-link")));
    wait.until(urlContains("/runs/" + failedRun));
    assertThat(driver.findElement(By.id("run-state")).getText()).isEqualTo("failed");
    WebElement error = driver.findElement(By.id("run-error"));
    assertThat(error.isDisplayed()).isTrue();
    assertThat(error.getText()).isNotBlank().contains(reason.replace("…", "").strip());
    browser.click(driver.findElement(By.id("tab-stderr")));
    wait.until(textMatches(By.id("log-stderr"), Pattern.compile("usage: WordCount")));
    driver.executeScript("window.scrollTo(0, 0)");
    browser.screenshot("run-page-failed");

    // Delete the job: the dialog asks for its name first.
    browser.click(driver.findElement(By.id("project-link")));
    wait.until(attributeToBe(By.id("project-page"), "data-project-id", project));
    WebElement row =
        wait.until(
            visibilityOfElementLocated(
                By.cssSelector("#jobs-table tr[data-job-name='" + FAILING_JOB + "']")));
    WebElement dialog = driver.findElement(By.id("confirm-dialog"));
    browser.click(row.findElement(By.cssSelector(".delete-job")));
    wait.until(visibilityOf(dialog));
    assertThat(driver.findElement(By.id("confirm-message")).getText())
        .startsWith("Delete job " + FAILING_JOB + "?");
    WebElement ok = driver.findElement(By.id("confirm-ok"));
    assertThat(ok.isEnabled()).as("nothing typed yet").isFalse();
    driver.findElement(By.id("confirm-typed-input")).sendKeys(FAILING_JOB);
    assertThat(ok.isEnabled()).isTrue();
    browser.screenshot("job-confirm-delete");
    WebElement html = driver.findElement(By.tagName("html"));
    ok.click();
    wait.until(Browser.gone(html));
    assertThat(driver.findElement(By.cssSelector(".flash-notice")).getText())
        .isEqualTo("Job " + FAILING_JOB + " deleted, with its runs and their logs.");
    wait.until(
        visibilityOfElementLocated(By.cssSelector("#jobs-table tr[data-job-name='sample-pi']")));
    assertThat(
            driver.findElements(
                By.cssSelector("#jobs-table tr[data-job-name='" + FAILING_JOB + "']")))
        .isEmpty();
    api.get("/api/v1/projects/" + project + "/runs/" + failedRun).expectProblem(404, "NOT_FOUND");

    // The Jobs section lists the runs of all the user's projects.
    driver.findElement(By.linkText("Jobs")).click();
    wait.until(urlContains("/jobs"));
    WebElement listed =
        wait.until(
            visibilityOfElementLocated(
                By.cssSelector("#runs-table tr[data-run-id='" + piRun + "']")));
    assertThat(listed.getText()).contains("browser-jobs", "sample-pi", "finished");
    assertThat(driver.findElements(By.cssSelector("#runs-table tbody tr"))).hasSize(1);
    browser.screenshot("jobs-all-runs");
    browser.click(listed.findElement(By.cssSelector("a.run-link")));
    wait.until(urlContains("/projects/" + project + "/runs/" + piRun));
  }

  /** The run the jobs section's notice says was just started, of {@code job}. */
  private static String startedRun(String job) {
    wait.until(textMatches(By.id("jobs-notice"), STARTED));
    Matcher started = STARTED.matcher(driver.findElement(By.id("jobs-notice")).getText());
    assertThat(started.find()).isTrue();
    assertThat(started.group(2)).isEqualTo(job);
    return started.group(1);
  }

  /**
   * Waits until the run's row in the Runs table shows {@code expected}; the table redraws itself
   * every 2 seconds while a run is active, and a run that ends otherwise ends the wait early.
   */
  private static void awaitRunInTable(String run, String expected) {
    new WebDriverWait(driver, RUN, Duration.ofMillis(500))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class)
        .until(
            page -> {
              WebElement row = runRow(run);
              String state = row.findElement(By.cssSelector(".run-state")).getText();
              if (List.of("finished", "failed", "killed").contains(state)
                  && !state.equals(expected)) {
                throw new AssertionError("run " + run + " ended " + state + ": " + row.getText());
              }
              return state.equals(expected);
            });
  }

  private static WebElement runRow(String run) {
    return driver.findElement(By.cssSelector("#runs-table tr[data-run-id='" + run + "']"));
  }

  private static String value(String inputId) {
    return driver.findElement(By.id(inputId)).getDomProperty("value");
  }

  private static void open(String path) {
    browser.open(server, path);
  }
}
