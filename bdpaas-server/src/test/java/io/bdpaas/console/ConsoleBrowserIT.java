package io.bdpaas.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.invisibilityOf;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOf;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Browser;
import io.bdpaas.testing.TestServer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser: Debian's headless Chromium, driven by its own chromedriver,
 * against a real server with its default settings (so the session cookie is {@code Secure}, which
 * Chromium accepts on {@code http://localhost}). Every main page is saved as a PNG in {@code
 * target/screenshots} for visual review, and so is the page of any failing test.
 *
 * <p>The browser is required, not optional: when it is missing the test fails, as CI installs it.
 * Other locations can be given with {@code -Dbdpaas.test.chromium=...} and {@code
 * -Dbdpaas.test.chromedriver=...}.
 */
class ConsoleBrowserIT {
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

  /** Every test starts signed out, in a browser with no cookies for the console. */
  @BeforeEach
  void signOutOfEverything() {
    open("/login");
    driver.manage().deleteAllCookies();
  }

  @Test
  void redirectsToLoginAndRejectsWrongPassword() {
    open("/projects");
    wait.until(urlContains("/login"));
    assertThat(driver.getTitle()).isEqualTo("Sign in · BDPaaS");
    assertThat(driver.findElements(By.id("login-error"))).isEmpty();
    browser.screenshot("login");

    browser.submitLogin(TestServer.ADMIN, "not-the-password");

    WebElement error = wait.until(visibilityOfElementLocated(By.id("login-error")));
    assertThat(error.getText()).contains("Wrong user name or password");
    assertThat(driver.getCurrentUrl()).endsWith("/login?error");
    browser.screenshot("login-error");
    open("/projects");
    wait.until(urlContains("/login"));
    assertThat(driver.findElements(By.id("logout"))).as("still signed out").isEmpty();
  }

  @Test
  void signsInWithHttpOnlySecureSessionCookie() {
    open("/projects");
    wait.until(urlContains("/login"));

    browser.submitLogin(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);

    wait.until(urlContains("/projects"));
    assertThat(driver.findElement(By.id("account-link")).getText()).contains(TestServer.ADMIN);
    assertThat(driver.findElement(By.cssSelector(".sections a.active")).getText())
        .isEqualTo("Projects");
    Cookie session = driver.manage().getCookieNamed("BDPAAS_SESSION");
    assertThat(session).as("session cookie").isNotNull();
    assertThat(session.isHttpOnly()).as("HttpOnly").isTrue();
    assertThat(session.isSecure()).as("Secure").isTrue();
    assertThat(session.getSameSite()).isEqualToIgnoringCase("Lax");
    browser.screenshot("projects");

    for (String page : List.of("jobs", "streaming")) {
      driver.findElement(By.linkText(capitalized(page))).click();
      wait.until(urlContains("/" + page));
      assertThat(driver.findElement(By.cssSelector(".empty-state h2")).getText()).startsWith("No ");
      browser.screenshot(page);
    }

    open("/no-such-page");
    assertThat(driver.findElement(By.cssSelector(".empty-state h1")).getText())
        .isEqualTo("Page not found");
    assertThat(driver.findElement(By.id("account-link")).getText()).contains(TestServer.ADMIN);
    browser.screenshot("not-found");
  }

  @Test
  void createsUsesAndRevokesApiToken() {
    signInAsAdmin();
    driver.findElement(By.id("account-link")).click();
    wait.until(urlContains("/account"));
    browser.screenshot("account");

    WebElement form = driver.findElement(By.id("create-token-form"));
    form.findElement(By.name("name")).sendKeys("browser-test");
    form.findElement(By.id("create-token")).click();

    String secret = wait.until(visibilityOfElementLocated(By.id("token-secret"))).getText();
    assertThat(secret).isNotBlank();
    assertThat(tokenRow("browser-test")).isNotNull();
    browser.screenshot("account-token-created");
    ApiClient withToken = ApiClient.withToken(server, secret);
    assertThat(withToken.get("/api/v1/me").expectStatus(200).json().get("username").asString())
        .isEqualTo(TestServer.ADMIN);

    // The secret is shown once: the next visit of the page no longer has it.
    open("/account");
    assertThat(driver.findElements(By.id("token-secret"))).isEmpty();

    WebElement dialog = driver.findElement(By.id("confirm-dialog"));
    tokenRow("browser-test").findElement(By.cssSelector("button.revoke-token")).click();
    wait.until(visibilityOf(dialog));
    assertThat(driver.findElement(By.id("confirm-message")).getText())
        .contains("browser-test")
        .contains("stop working");
    browser.screenshot("account-confirm-revoke");
    driver.findElement(By.id("confirm-cancel")).click();
    wait.until(invisibilityOf(dialog));
    assertThat(tokenRow("browser-test")).as("token kept after Cancel").isNotNull();
    withToken.get("/api/v1/me").expectStatus(200);

    WebElement row = tokenRow("browser-test");
    row.findElement(By.cssSelector("button.revoke-token")).click();
    wait.until(visibilityOf(dialog));
    driver.findElement(By.id("confirm-ok")).click();
    wait.until(Browser.gone(row));

    assertThat(wait.until(presenceOfElementLocated(By.cssSelector(".flash-notice"))).getText())
        .isEqualTo("Token revoked.");
    assertThat(driver.findElements(By.xpath(tokenRowXpath("browser-test")))).isEmpty();
    browser.screenshot("account-token-revoked");
    withToken.get("/api/v1/me").expectStatus(401);
  }

  @Test
  void signsOutAndProtectsPagesAgain() {
    signInAsAdmin();
    open("/account");
    assertThat(driver.getCurrentUrl()).endsWith("/account");

    driver.findElement(By.id("logout")).click();

    WebElement notice = wait.until(visibilityOfElementLocated(By.id("logout-notice")));
    assertThat(notice.getText()).isEqualTo("You have signed out.");
    assertThat(driver.getCurrentUrl()).endsWith("/login?logout");
    browser.screenshot("logout");
    open("/account");
    wait.until(urlContains("/login"));
    assertThat(driver.findElements(By.id("sign-in"))).hasSize(1);
  }

  @Test
  void adminCreatesUserWithInlineValidation() {
    signInAsAdmin();
    driver.findElement(By.linkText("Admin")).click();
    wait.until(urlContains("/admin/users"));
    assertThat(driver.findElements(By.cssSelector("#users-table tr[data-username='admin']")))
        .hasSize(1);
    browser.screenshot("admin-users");

    driver.findElement(By.id("new-username")).sendKeys("browser-bob");
    driver.findElement(By.id("new-user-password")).sendKeys("short");
    browser.submitAndWaitForReload(By.id("create-user"));

    WebElement passwordField =
        driver.findElement(By.id("new-user-password")).findElement(By.xpath(".."));
    assertThat(passwordField.findElement(By.className("field-error")).getText())
        .isEqualTo("must be at least 12 characters");
    assertThat(driver.findElement(By.id("new-user-password")).getDomAttribute("class"))
        .contains("invalid");
    assertThat(driver.findElement(By.id("new-username")).getDomProperty("value"))
        .as("user name kept")
        .isEqualTo("browser-bob");
    assertThat(driver.findElements(By.cssSelector("#users-table tr[data-username='browser-bob']")))
        .isEmpty();
    browser.screenshot("admin-users-invalid");

    driver.findElement(By.id("new-user-password")).sendKeys("a-long-enough-password");
    browser.submitAndWaitForReload(By.id("create-user"));

    assertThat(driver.findElement(By.cssSelector(".flash-notice")).getText())
        .isEqualTo("User browser-bob created.");
    WebElement row =
        driver.findElement(By.cssSelector("#users-table tr[data-username='browser-bob']"));
    assertThat(row.getText()).contains("browser-bob").contains("user").contains("active");
    assertThat(driver.findElements(By.cssSelector(".field-error"))).isEmpty();
    browser.screenshot("admin-users-created");
  }

  private static void signInAsAdmin() {
    browser.login(server, TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
  }

  private static WebElement tokenRow(String name) {
    return driver.findElement(By.xpath(tokenRowXpath(name)));
  }

  private static String tokenRowXpath(String name) {
    return "//table[@id='tokens-table']//tr[td[1][normalize-space()='" + name + "']]";
  }

  private static void open(String path) {
    browser.open(server, path);
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
