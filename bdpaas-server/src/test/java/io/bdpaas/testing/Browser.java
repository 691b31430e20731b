package io.bdpaas.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for the browser tests of the web console: {@link #start()} launches one,
 * driven by its own chromedriver, and {@link #close()} quits it again. It also saves screenshots to
 * {@code target/screenshots} (see {@link #screenshotOnFailure} for the page of a failing test) and
 * signs in through the console's login form.
 *
 * <p>The browser is Debian's: {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} ({@code
 * apt-get install chromium chromium-driver}), or other locations given with {@code
 * -Dbdpaas.test.chromium=...} and {@code -Dbdpaas.test.chromedriver=...}. It is required, not
 * optional: when either is missing, {@link #start()} fails with a message that says where it looked
 * and how to install it, as CI installs both. The driver executable is named explicitly (to the
 * {@link ChromeDriverService} and in {@code webdriver.chrome.driver}), so Selenium Manager never
 * runs and nothing is downloaded.
 *
 * <p>Chromium's flags, and why:
 *
 * <ul>
 *   <li>{@code --headless=new}: no display needed, with the same rendering as a windowed browser;
 *   <li>{@code --no-sandbox}: the sandbox cannot start in containers and as root, where CI runs;
 *   <li>{@code --disable-gpu}: there is no GPU to use;
 *   <li>{@code --disable-dev-shm-usage}: {@code /dev/shm} is small in containers, so shared memory
 *       goes to {@code /tmp} instead of crashing the renderer;
 *   <li>{@code --disable-quic}, {@code --no-first-run}, {@code --disable-background-networking},
 *       {@code --disable-component-update}, {@code --disable-sync}: no first-run dialogs and no
 *       traffic of its own, so the only server the browser talks to is the one under test;
 *   <li>{@code --user-data-dir}: a fresh profile in a temporary directory, deleted by {@link
 *       #close()}, so no state is shared with other runs;
 *   <li>{@code --window-size=1366,900} (and the same window size set through the driver): the same
 *       layout, and screenshots of the same size, everywhere.
 * </ul>
 */
public final class Browser implements AutoCloseable {
  private static final Path CHROMIUM =
      Path.of(System.getProperty("bdpaas.test.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("bdpaas.test.chromedriver", "/usr/bin/chromedriver"));
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final Path profileDir;
  private ChromeDriverService driverService;
  private ChromeDriver driver;
  private WebDriverWait wait;

  private Browser(Path profileDir) {
    this.profileDir = profileDir;
  }

  /**
   * Checks that Chromium and chromedriver are installed and starts them with a fresh profile; what
   * was started is stopped again if a later step fails.
   */
  public static Browser start() throws IOException {
    assertThat(Files.isExecutable(CHROMIUM))
        .as(
            "Chromium must be installed at %s for the browser tests (apt-get install chromium"
                + " chromium-driver), or named with -Dbdpaas.test.chromium",
            CHROMIUM)
        .isTrue();
    assertThat(Files.isExecutable(CHROMEDRIVER))
        .as(
            "chromedriver must be installed at %s (apt-get install chromium-driver), or named with"
                + " -Dbdpaas.test.chromedriver",
            CHROMEDRIVER)
        .isTrue();
    Files.createDirectories(SCREENSHOTS);

    Browser browser = new Browser(Files.createTempDirectory("bdpaas-chromium-"));
    try {
      browser.launch();
      return browser;
    } catch (RuntimeException | Error e) {
      try {
        browser.close();
      } catch (RuntimeException | Error suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void launch() {
    // An explicit driver executable, so Selenium Manager never looks for (or downloads) one.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    driverService =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profileDir,
        "--window-size=1366,900");
    driver = new ChromeDriver(driverService, options);
    driver.manage().window().setSize(new Dimension(1366, 900));
    wait = new WebDriverWait(driver, WAIT);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Waits up to 20 seconds. */
  public WebDriverWait driverWait() {
    return wait;
  }

  /** Browses to a console path on {@code localhost}, where Chromium keeps Secure cookies. */
  public void open(TestServer server, String path) {
    driver.get("http://localhost:" + server.port() + path);
  }

  /** Opens the login page, signs in and waits for the landing page ({@code /projects}). */
  public void login(TestServer server, String username, String password) {
    open(server, "/login");
    submitLogin(username, password);
    wait.until(urlContains("/projects"));
  }

  /** Fills in and submits the login form of the current page, whether or not it succeeds. */
  public void submitLogin(String username, String password) {
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    submitAndWaitForReload(By.id("sign-in"));
  }

  /** Clicks a submit button and waits until the browser has left the current page. */
  public void submitAndWaitForReload(By button) {
    waitForReloadAfter(() -> driver.findElement(button).click());
  }

  /**
   * Does {@code action} and waits until the browser has left the current page and loaded another.
   */
  public void waitForReloadAfter(Runnable action) {
    WebElement html = driver.findElement(By.tagName("html"));
    action.run();
    wait.until(gone(html));
    wait.until(webDriver -> "complete".equals(driver.executeScript("return document.readyState")));
  }

  /**
   * Waits for an element to leave the document, as {@code ExpectedConditions.stalenessOf} does, but
   * also when chromedriver, asked about a node of a page the browser is leaving, answers with
   * Chromium's inspector error "Node with given id does not belong to the document" (an unknown
   * error, not a stale element) instead: that answer means the same thing.
   */
  public static ExpectedCondition<Boolean> gone(WebElement element) {
    return driver -> {
      try {
        element.isEnabled();
        return false;
      } catch (StaleElementReferenceException e) {
        return true;
      } catch (WebDriverException e) {
        if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
          return true;
        }
        throw e;
      }
    };
  }

  /** Clicks an element after scrolling it to the middle of the window, clear of the top bar. */
  public void click(WebElement element) {
    driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    element.click();
  }

  /** Replaces the text of the input with this id. */
  public void type(String inputId, String text) {
    WebElement input = driver.findElement(By.id(inputId));
    input.clear();
    input.sendKeys(text);
  }

  /**
   * Waits until a project page's status badge says {@code expected}; the page reloads itself while
   * the project starts, and a failure ends the wait early with its reason.
   */
  public void awaitProjectStatus(String expected, Duration timeout) {
    new WebDriverWait(driver, timeout, Duration.ofMillis(500))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .until(
            page -> {
              String status =
                  driver.findElement(By.cssSelector("#project-status .cluster-status")).getText();
              if (status.equals("failed") && !expected.equals("failed")) {
                throw new AssertionError(
                    "project failed: " + driver.findElement(By.id("status-reason")).getText());
              }
              return status.equals(expected);
            });
    wait.until(page -> "complete".equals(driver.executeScript("return document.readyState")));
  }

  /** Saves the current page as {@code target/screenshots/<name>.png}. */
  public void screenshot(String name) {
    File png = driver.getScreenshotAs(OutputType.FILE);
    try {
      Files.copy(
          png.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
      Files.delete(png.toPath());
    } catch (IOException e) {
      throw new IllegalStateException("cannot save screenshot " + name, e);
    }
  }

  /**
   * An extension, to register with {@code @RegisterExtension}, that saves the page of a failing
   * test as {@code failed-<test method>.png}, when the browser (asked for when the test ends) is
   * running.
   */
  public static AfterTestExecutionCallback screenshotOnFailure(Supplier<Browser> browser) {
    return context -> {
      Browser current = browser.get();
      if (context.getExecutionException().isPresent()
          && current != null
          && current.driver != null) {
        current.screenshot("failed-" + context.getRequiredTestMethod().getName());
      }
    };
  }

  /**
   * Quits the browser, stops chromedriver and deletes the profile, each even if one before fails.
   */
  @Override
  public void close() {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      try {
        if (driverService != null) {
          driverService.stop();
        }
      } finally {
        TestServer.deleteRecursively(profileDir);
      }
    }
  }
}
