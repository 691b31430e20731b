package io.bdpaas.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Browser;
import io.bdpaas.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * A notebook in a real browser (Debian's headless Chromium) on a real Spark project: an SQL
 * paragraph run with Shift+Enter shows its result as a table and as a bar chart drawn by ECharts
 * (the choice kept with the paragraph and shown again when the notebook is reopened), Markdown is
 * rendered without the HTML it carries, and a long paragraph typed into a new paragraph is
 * cancelled from its Cancel button.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class NotebookBrowserIT {
  private static final Duration READY = Duration.ofSeconds(240);
  private static final String USER = "nb-browser";

  private static TestServer server;
  private static ApiClient api;
  private static String project;
  private static Browser browser;
  private static ChromeDriver driver;

  @RegisterExtension
  static final AfterTestExecutionCallback SCREENSHOT_ON_FAILURE =
      Browser.screenshotOnFailure(() -> browser);

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start();
    api = server.newUser(USER);
    project =
        api.post(
                "/api/v1/projects",
                "{\"name\":\"browser\",\"workers\":1,\"workerCores\":2,"
                    + "\"workerMemoryMb\":1024,\"connectCores\":1}")
            .expectStatus(202)
            .json()
            .get("id")
            .asString();
    browser = Browser.start();
    driver = browser.driver();
    browser.login(server, USER, TestServer.passwordOf(USER));
    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(api.get("/api/v1/projects/" + project).json().get("status").asString())
                    .isEqualTo("ready"));
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (server != null) {
        if (project != null) {
          api.delete("/api/v1/projects/" + project);
        }
        server.close();
      }
    }
  }

  private static String notebooks() {
    return "/api/v1/projects/" + project + "/notebooks";
  }

  @Test
  void aParameterFieldsValueIsSentWithTheRun() {
    String notebook =
        api.post(notebooks(), "{\"name\":\"parameters\"}")
            .expectStatus(201)
            .json()
            .get("id")
            .asString();
    api.post(
            notebooks() + "/" + notebook + "/paragraphs",
            "{\"kind\":\"sql\",\"text\":\"SELECT count(*) AS n FROM range(100)"
                + " WHERE id < :below\",\"parameters\":[{\"name\":\"below\",\"default\":\"10\"}]}")
        .expectStatus(201);
    browser.open(server, "/projects/" + project + "/notebooks/" + notebook);
    browser
        .driverWait()
        .until(ExpectedConditions.attributeToBe(By.id("notebook-page"), "data-loaded", "true"));

    WebElement field = driver.findElement(By.cssSelector(".paragraph-sql input[name=below]"));
    assertThat(field.getDomAttribute("placeholder")).isEqualTo("default: 10");
    field.sendKeys("25", Keys.ENTER);
    new WebDriverWait(driver, Duration.ofSeconds(90))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".paragraph-sql .result-table tbody td"), "25"));
    JsonNode run = api.get(notebooks() + "/" + notebook).json().at("/paragraphs/0/run");
    assertThat(run.get("arguments").get("below").asString()).isEqualTo("25");
    assertThat(api.get(notebooks() + "/" + notebook).json().at("/paragraphs/0/text").asString())
        .as("the value is bound, not pasted into the text")
        .endsWith("WHERE id < :below");
  }

  @Test
  void importsAZeppelinNoteFromTheListPage() throws IOException {
    Path note = Files.createTempFile("note", ".json");
    try {
      Files.writeString(
          note,
          "{\"name\":\"From Zeppelin\",\"paragraphs\":["
              + "{\"text\":\"%md\\n# Hello\"},"
              + "{\"text\":\"%sql\\nSELECT 1 AS one\"},"
              + "{\"text\":\"%pyspark\\nprint(1)\"}]}");
      browser.open(server, "/projects/" + project + "/notebooks");
      driver.findElement(By.id("import-file")).sendKeys(note.toString());
      browser.submitAndWaitForReload(By.id("import-notebook"));
    } finally {
      Files.deleteIfExists(note);
    }
    WebDriverWait wait = browser.driverWait();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("import-result")));
    assertThat(driver.findElement(By.id("import-notes")).getText()).contains("pyspark");
    assertThat(driver.findElement(By.id("notebooks-table")).getText()).contains("From Zeppelin");
    browser.screenshot("notebooks-imported");

    driver.findElement(By.id("imported-link")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("notebook-page"), "data-loaded", "true"));
    WebElement foreign = driver.findElement(By.cssSelector(".paragraph-text"));
    assertThat(foreign.findElement(By.className("foreign-note")).getText())
        .startsWith("Written for %pyspark, not run by BDPaaS");
    assertThat(foreign.findElement(By.className("foreign-code")).getText()).isEqualTo("print(1)");
    assertThat(foreign.findElements(By.cssSelector(".run-paragraph"))).isEmpty();
    assertThat(driver.findElement(By.cssSelector(".paragraph-markdown h1")).getText())
        .isEqualTo("Hello");
  }

  @Test
  void runsWithShiftEnterShowsTableAndChartAndCancelsALongParagraph() {
    String notebook =
        api.post(notebooks(), "{\"name\":\"in the browser\"}")
            .expectStatus(201)
            .json()
            .get("id")
            .asString();
    api.post(
            notebooks() + "/" + notebook + "/paragraphs",
            "{\"kind\":\"markdown\",\"text\":\"# Totals\\n<img src=x onerror=\\\"alert(1)\\\">"
                + "<script>document.title='owned'</script>\"}")
        .expectStatus(201);
    api.post(
            notebooks() + "/" + notebook + "/paragraphs",
            "{\"kind\":\"sql\",\"text\":\"SELECT id % 3 AS bucket, sum(id) AS total\\n"
                + "FROM range(100) GROUP BY 1 ORDER BY 1\"}")
        .expectStatus(201);
    api.post(
            notebooks() + "/" + notebook + "/paragraphs",
            "{\"kind\":\"sql\",\"text\":\"SELECT *\\nFROM no_such_table\"}")
        .expectStatus(201);

    browser.open(server, "/projects/" + project + "/notebooks");
    driver.findElement(By.linkText("in the browser")).click();
    WebDriverWait wait = browser.driverWait();
    wait.until(ExpectedConditions.attributeToBe(By.id("notebook-page"), "data-loaded", "true"));

    WebElement markdown = driver.findElement(By.cssSelector(".paragraph-markdown .markdown-body"));
    assertThat(markdown.findElement(By.tagName("h1")).getText()).isEqualTo("Totals");
    assertThat(markdown.findElements(By.tagName("script"))).isEmpty();
    assertThat(markdown.findElement(By.tagName("img")).getDomAttribute("onerror")).isNull();

    // Shift+Enter in the editor runs the paragraph; the table shows the result's rows.
    WebElement sql = driver.findElement(By.cssSelector(".paragraph-sql"));
    sql.findElement(By.cssSelector(".CodeMirror")).click();
    new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
    WebDriverWait running = new WebDriverWait(driver, Duration.ofSeconds(90));
    running.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".paragraph-sql .run-status"), "finished"));
    running.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(".paragraph-sql .result-table tbody tr")));
    List<WebElement> rows =
        driver.findElements(By.cssSelector(".paragraph-sql .result-table tbody tr"));
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).getText()).isEqualTo("0 1683");
    assertThat(rows.get(2).getText()).isEqualTo("2 1650");
    assertThat(driver.findElement(By.cssSelector(".paragraph-sql .row-count")).getText())
        .isEqualTo("3 rows");
    assertThat(
            driver
                .findElement(By.cssSelector(".paragraph-sql .download-csv"))
                .getDomAttribute("href"))
        .endsWith("/result.csv");
    assertThat(driver.findElement(By.cssSelector(".paragraph-sql .elapsed")).getText())
        .endsWith(" s");
    assertThat(driver.findElement(By.cssSelector(".paragraph-sql .cancel-paragraph")).isDisplayed())
        .as("Cancel only while queued or running")
        .isFalse();
    browser.screenshot("notebook-table");

    // The bar chart is drawn by ECharts on a canvas from the server's aggregation.
    driver.findElement(By.cssSelector(".paragraph-sql .show-chart")).click();
    WebElement canvas =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".paragraph-sql .chart canvas")));
    assertThat(canvas.getSize().getWidth()).isGreaterThan(100);
    assertThat(canvas.getSize().getHeight()).isGreaterThan(100);
    wait.until(
        page ->
            "bar/1683,1617,1650"
                .equals(
                    driver.executeScript(
                        "const chart = echarts.getInstanceByDom("
                            + "document.querySelector('.paragraph-sql .chart'));"
                            + "if (!chart) return null;"
                            + "const series = chart.getOption().series[0];"
                            + "return series.type + '/' + series.data.join(',');")));
    assertThat(
            new org.openqa.selenium.support.ui.Select(
                    driver.findElement(By.cssSelector(".paragraph-sql .chart-key")))
                .getFirstSelectedOption()
                .getText())
        .isEqualTo("bucket");
    browser.screenshot("notebook-chart");

    // The display is kept with the paragraph: saved, and shown again on reopening.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode display =
                  api.get(notebooks() + "/" + notebook).json().at("/paragraphs/1/display");
              assertThat(display.path("mode").asString()).isEqualTo("chart");
              assertThat(display.path("key").asString()).isEqualTo("bucket");
              assertThat(display.path("value").asString()).isEqualTo("total");
            });
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("save-state"), "saved"));
    driver.navigate().refresh();
    wait.until(ExpectedConditions.attributeToBe(By.id("notebook-page"), "data-loaded", "true"));
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(".paragraph-sql .chart canvas")));
    assertThat(driver.findElement(By.cssSelector(".paragraph-sql .run-status")).getText())
        .isEqualTo("finished");

    // A failing statement shows the engine's message and position, and its line is marked.
    WebElement bad = driver.findElements(By.cssSelector(".paragraph-sql")).get(1);
    bad.findElement(By.cssSelector(".run-paragraph")).click();
    running.until(
        ExpectedConditions.textToBePresentInElement(
            bad.findElement(By.cssSelector(".run-status")), "failed"));
    assertThat(bad.findElement(By.cssSelector(".error-message")).getText())
        .contains("no_such_table")
        .doesNotContain("\tat ");
    assertThat(bad.findElement(By.cssSelector(".error-position")).getText())
        .startsWith("At line 2, column 6");
    assertThat(bad.findElement(By.cssSelector(".cm-error-line .CodeMirror-line")).getText())
        .isEqualTo("FROM no_such_table");
    browser.screenshot("notebook-failed");

    // A long paragraph, typed into a new paragraph below, is cancelled from its Cancel button.
    driver.findElement(By.cssSelector(".paragraph-sql .add-sql")).click();
    wait.until(page -> page.findElements(By.cssSelector(".paragraph-sql")).size() == 3);
    WebElement slow = driver.findElements(By.cssSelector(".paragraph-sql")).get(1);
    slow.findElement(By.cssSelector(".CodeMirror")).click();
    driver
        .switchTo()
        .activeElement()
        .sendKeys("SELECT sum(id * id % 7) FROM range(0, 100000000000)");
    slow.findElement(By.cssSelector(".run-paragraph")).click();
    running.until(
        ExpectedConditions.textToBePresentInElement(
            slow.findElement(By.cssSelector(".run-status")), "running"));
    WebElement cancel = slow.findElement(By.cssSelector(".cancel-paragraph"));
    assertThat(cancel.isDisplayed()).isTrue();
    // Its Spark job's progress shows while it runs.
    running.until(
        ExpectedConditions.textToBePresentInElement(
            slow.findElement(By.cssSelector(".paragraph-result")), "tasks"));
    assertThat(slow.findElement(By.cssSelector(".spark-progress")).getText())
        .contains("1 Spark job");
    browser.screenshot("notebook-running");
    cancel.click();
    new WebDriverWait(driver, Duration.ofSeconds(45))
        .until(
            ExpectedConditions.textToBePresentInElement(
                slow.findElement(By.cssSelector(".run-status")), "cancelled"));
    assertThat(slow.findElement(By.cssSelector(".run-paragraph")).isDisplayed()).isTrue();
    browser.screenshot("notebook-cancelled");

    JsonNode saved = api.get(notebooks() + "/" + notebook).json().get("paragraphs");
    assertThat(saved).hasSize(4);
    assertThat(saved.get(2).get("text").asString())
        .isEqualTo("SELECT sum(id * id % 7) FROM range(0, 100000000000)");
    assertThat(saved.get(2).get("run").get("status").asString()).isEqualTo("cancelled");
  }
}
