package io.bdpaas.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Console login and logout, CSRF, cookies and security headers, against a real server. */
class AuthenticationIT {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void consolePagesRedirectAnonymousVisitorsToLogin() {
    ApiClient.Response response = ApiClient.anonymous(server).get("/projects").expectStatus(302);

    assertThat(response.header("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
  }

  @Test
  void logsInAndOut() {
    ApiClient browser = ApiClient.anonymous(server);

    ApiClient.Response login = browser.login(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);

    assertThat(login.status()).isEqualTo(302);
    assertThat(login.header("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/projects"));
    assertThat(browser.get("/projects").expectStatus(200).body()).contains("Projects", "admin");
    assertThat(browser.get("/api/v1/me").expectStatus(200).json().get("username").asString())
        .isEqualTo("admin");

    String csrf = browser.csrfTokenOf("/projects");
    ApiClient.Response logout = browser.postForm("/logout", Map.of("_csrf", csrf));

    assertThat(logout.status()).isEqualTo(302);
    assertThat(logout.header("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
    browser.get("/projects").expectStatus(302);
    browser.get("/api/v1/me").expectProblem(401, "UNAUTHENTICATED");
  }

  @Test
  void wrongPasswordIsRefused() {
    ApiClient browser = ApiClient.anonymous(server);

    ApiClient.Response login = browser.login(TestServer.ADMIN, "not-the-password");

    assertThat(login.header("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    browser.get("/projects").expectStatus(302);
  }

  @Test
  void loginChangesTheSessionId() {
    ApiClient browser = ApiClient.anonymous(server);
    browser.login(TestServer.ADMIN, TestServer.ADMIN_PASSWORD).expectStatus(302);
    String before = browser.cookie("BDPAAS_SESSION").orElseThrow();

    browser.login(TestServer.ADMIN, TestServer.ADMIN_PASSWORD).expectStatus(302);

    assertThat(browser.cookie("BDPAAS_SESSION")).isPresent().get().isNotEqualTo(before);
  }

  @Test
  void anonymousVisitorsGetNoSessionUntilTheySignIn() {
    ApiClient browser = ApiClient.anonymous(server);

    List<ApiClient.Response> anonymous =
        List.of(
            browser.get("/clusters").expectStatus(302),
            browser.get("/projects").expectStatus(302),
            browser.get("/login").expectStatus(200),
            browser.get("/clusters").expectStatus(302),
            browser.get("/login?error").expectStatus(200));

    assertThat(anonymous)
        .allSatisfy(
            response ->
                assertThat(response.headers("Set-Cookie"))
                    .noneSatisfy(cookie -> assertThat(cookie).startsWith("BDPAAS_SESSION=")));
    assertThat(browser.cookie("BDPAAS_SESSION")).isEmpty();
    ApiClient.Response login = browser.login(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
    assertThat(login.header("Location"))
        .as("back to the page asked for before signing in")
        .hasValueSatisfying(location -> assertThat(location).endsWith("/clusters"));
    assertThat(browser.cookie("BDPAAS_SESSION")).isPresent();
    browser.get("/clusters").expectStatus(200);
  }

  @Test
  void formPostWithoutCsrfTokenIsRefused() {
    ApiClient browser = ApiClient.anonymous(server);
    browser.login(TestServer.ADMIN, TestServer.ADMIN_PASSWORD).expectStatus(302);

    ApiClient.Response withoutToken = browser.postForm("/account/tokens", Map.of("name", "forged"));
    ApiClient.Response apiWithoutToken = browser.post("/api/v1/tokens", "{\"name\":\"forged\"}");

    assertThat(withoutToken.status()).isEqualTo(403);
    apiWithoutToken.expectProblem(403, "ACCESS_DENIED");
    assertThat(browser.get("/api/v1/tokens").expectStatus(200).json().get("items").toString())
        .doesNotContain("forged");
  }

  @Test
  void loginFormWithoutCsrfTokenIsRefused() {
    ApiClient browser = ApiClient.anonymous(server);
    browser.get("/login").expectStatus(200);

    ApiClient.Response login =
        browser.postForm(
            "/login", Map.of("username", TestServer.ADMIN, "password", TestServer.ADMIN_PASSWORD));

    assertThat(login.status()).isEqualTo(403);
    browser.get("/projects").expectStatus(302);
  }

  @Test
  void sendsSecurityHeaders() {
    ApiClient.Response page = ApiClient.anonymous(server).get("/login").expectStatus(200);

    assertThat(page.header("Content-Security-Policy"))
        .hasValueSatisfying(
            csp -> assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'"));
    assertThat(page.header("X-Frame-Options")).contains("DENY");
    assertThat(page.header("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.header("Referrer-Policy")).contains("same-origin");
    assertThat(page.header("Permissions-Policy")).isPresent();
  }

  @Test
  void anonymousApiCallsGet401WithoutASession() {
    ApiClient.Response response = ApiClient.anonymous(server).get("/api/v1/me");

    response.expectProblem(401, "UNAUTHENTICATED");
    assertThat(response.header("Set-Cookie")).isEmpty();
  }

  @Test
  void healthAndOpenApiArePublicButMetricsAreForAdmins() {
    ApiClient anonymous = ApiClient.anonymous(server);
    assertThat(anonymous.get("/actuator/health/liveness").expectStatus(200).body()).contains("UP");
    assertThat(anonymous.get("/actuator/health/readiness").expectStatus(200).body()).contains("UP");
    assertThat(
            anonymous
                .get("/v3/api-docs")
                .expectStatus(200)
                .json()
                .get("paths")
                .has("/api/v1/tokens"))
        .isTrue();
    anonymous.get("/actuator/prometheus").expectStatus(302);

    assertThat(server.admin().get("/actuator/prometheus").expectStatus(200).body())
        .contains("jvm_memory_used_bytes");
    server.newUser("metrics-reader").get("/actuator/prometheus").expectStatus(403);
  }

  /**
   * With default settings (no override), the CSRF cookie of the login page and the session cookie
   * of a signed-in user carry Secure, HttpOnly and SameSite.
   */
  @Test
  void cookiesAreSecureHttpOnlyAndSameSiteByDefault() {
    try (TestServer defaults = TestServer.start(Map.of())) {
      ApiClient browser = ApiClient.anonymous(defaults);
      ApiClient.Response page = browser.get("/login").expectStatus(200);
      ApiClient.Response login = browser.login(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);

      assertThat(page.headers("Set-Cookie"))
          .anySatisfy(
              cookie ->
                  assertThat(cookie)
                      .startsWith("XSRF-TOKEN=")
                      .contains("Secure", "HttpOnly", "SameSite=Lax"));
      assertThat(login.headers("Set-Cookie"))
          .anySatisfy(
              cookie ->
                  assertThat(cookie)
                      .startsWith("BDPAAS_SESSION=")
                      .contains("Secure", "HttpOnly", "SameSite=Lax"));
    }
  }
}
