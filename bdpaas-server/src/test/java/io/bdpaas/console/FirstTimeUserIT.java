package io.bdpaas.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.TestServer;
import jakarta.servlet.ServletContext;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What a first-time user met on a fresh platform, over real HTTP. */
class FirstTimeUserIT {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
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
  void theErrorAddressItselfIsNotAServerError() {
    ApiClient anonymous = ApiClient.anonymous(server);

    anonymous.get("/error").expectProblem(404, "ROUTE_NOT_FOUND");
    ApiClient.Response page =
        anonymous.send("/error", request -> request.header("Accept", "text/html"));
    assertThat(page.status()).isEqualTo(404);
    assertThat(page.body()).contains("Page not found");
  }

  @Test
  void anOptionsFormWithANullDocumentIsAValidationError() {
    server
        .admin()
        .post("/api/v1/products", "{\"name\":\"nullable\",\"version\":\"1\",\"description\":\"x\"}")
        .expectStatus(201);
    ApiClient console = ApiClient.anonymous(server);
    console.login(TestServer.ADMIN, TestServer.ADMIN_PASSWORD).expectStatus(302);

    ApiClient.Response answer =
        console.postForm(
            "/products/nullable/1/options",
            Map.of("document", "null", "_csrf", console.csrfTokenOf("/products/nullable/1")));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("must be a JSON document, not null");
  }

  @Test
  void createdUsersAndProductsAnswerWithTheirLocation() {
    ApiClient admin = server.admin();

    ApiClient.Response user =
        admin
            .post(
                "/api/v1/admin/users",
                "{\"username\":\"located\",\"password\":\"long-enough-password-1\"}")
            .expectStatus(201);
    ApiClient.Response product =
        admin
            .post(
                "/api/v1/products",
                "{\"name\":\"located\",\"version\":\"2.0\",\"description\":\"x\"}")
            .expectStatus(201);

    assertThat(user.header("Location"))
        .hasValue("/api/v1/admin/users/" + user.json().get("id").asLong());
    assertThat(product.header("Location")).hasValue("/api/v1/products/located/2.0");
    admin.get(user.header("Location").orElseThrow()).expectStatus(200);
    admin.get(product.header("Location").orElseThrow()).expectStatus(200);
  }

  @Test
  void rolesAreAcceptedInAnyCaseAndAnsweredInTheirCanonicalForm() {
    ApiClient admin = server.admin();

    JsonNode created =
        admin
            .post(
                "/api/v1/admin/users",
                "{\"username\":\"casual\",\"password\":\"long-enough-password-1\",\"role\":\"user\"}")
            .expectStatus(201)
            .json();
    JsonNode promoted =
        admin
            .patch("/api/v1/admin/users/" + created.get("id").asLong(), "{\"role\":\"Admin\"}")
            .expectStatus(200)
            .json();

    assertThat(created.get("role").asString()).isEqualTo("USER");
    assertThat(promoted.get("role").asString()).isEqualTo("ADMIN");
    admin
        .post(
            "/api/v1/admin/users",
            "{\"username\":\"nobody-role\",\"password\":\"long-enough-password-1\",\"role\":\"root\"}")
        .expectProblem(400, "VALIDATION_FAILED");
  }

  @Test
  void anonymousBrowsersOpenTheApiDocsAndAreSentToTheLoginPageFromOtherApiAddresses()
      throws IOException {
    String path = "/api/docs";
    RawResponse answer = null;
    for (int hop = 0; hop < 5; hop++) {
      answer = RawHttp.send(server, "GET", path, "127.0.0.1", Map.of("Accept", "text/html"), "");
      if (answer.status() != 302) {
        break;
      }
      path = answer.header("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
    }
    assertThat(answer.status()).as("GET %s: %s", path, answer.body()).isEqualTo(200);
    assertThat(answer.header("Content-Type").orElseThrow()).startsWith("text/html");

    RawResponse me =
        RawHttp.send(
            server,
            "GET",
            "/api/v1/me",
            "127.0.0.1",
            Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            "");
    assertThat(me.status()).isEqualTo(302);
    assertThat(me.header("Location")).hasValue("/login");
    ApiClient.anonymous(server).get("/api/v1/me").expectProblem(401, "UNAUTHENTICATED");
  }

  @Test
  void redirectsNeverPointAtTheHostAClientClaims() throws IOException {
    String evil = "evil.example";

    RawResponse toLogin = RawHttp.send(server, "GET", "/account", evil, Map.of(), "");
    String jar = toLogin.cookies("");
    RawResponse loginPage = RawHttp.send(server, "GET", "/login", evil, Map.of("Cookie", jar), "");
    jar = loginPage.cookies(jar);
    Matcher csrf = CSRF.matcher(loginPage.body());
    assertThat(csrf.find()).isTrue();
    RawResponse signedIn =
        RawHttp.send(
            server,
            "POST",
            "/login",
            evil,
            Map.of("Cookie", jar, "Content-Type", "application/x-www-form-urlencoded"),
            "username="
                + TestServer.ADMIN
                + "&password="
                + URLEncoder.encode(TestServer.ADMIN_PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8));
    RawResponse home =
        RawHttp.send(
            server,
            "GET",
            "/",
            evil,
            Map.of("Cookie", signedIn.cookie("BDPAAS_SESSION").orElseThrow()),
            "");

    for (RawResponse redirect : new RawResponse[] {toLogin, signedIn, home}) {
      assertThat(redirect.status()).isEqualTo(302);
      assertThat(redirect.header("Location").orElseThrow()).doesNotContain(evil).startsWith("/");
    }
    assertThat(signedIn.header("Location").orElseThrow()).startsWith("/account");
  }

  @Test
  void tomcatKeepsItsWorkingFilesInTheDataDirectoryAndClearsThemAtStart() throws IOException {
    Path dataDir = Files.createTempDirectory("bdpaas-tomcat-");
    Path leftOver = dataDir.resolve("tomcat").resolve("work").resolve("left-by-kill-9");
    Files.createDirectories(leftOver);
    try (TestServer own =
        TestServer.start(
            Map.of("bdpaas.http.secure-cookies", "false", "bdpaas.data-dir", dataDir.toString()))) {
      ServletContext servlet = own.bean(ServletContext.class);
      Path workDir =
          ((File) servlet.getAttribute(ServletContext.TEMPDIR))
              .toPath()
              .toAbsolutePath()
              .normalize();
      Path docBase = Path.of(servlet.getRealPath("/")).toAbsolutePath().normalize();

      assertThat(workDir).startsWith(dataDir.toAbsolutePath().normalize());
      assertThat(docBase).startsWith(dataDir.toAbsolutePath().normalize());
      assertThat(leftOver).doesNotExist();
    } finally {
      TestServer.deleteRecursively(dataDir);
    }
  }

  /** An answer read off a raw socket, for requests the JDK client will not send (a Host header). */
  record RawResponse(int status, Map<String, String> headers, String body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    Optional<String> cookie(String name) {
      return header("set-cookie").stream()
          .flatMap(String::lines)
          .filter(cookie -> cookie.startsWith(name + "="))
          .map(cookie -> cookie.split(";", 2)[0])
          .findFirst();
    }

    /** Every cookie this answer sets, as a Cookie header value, added to {@code jar}. */
    String cookies(String jar) {
      Map<String, String> all = new LinkedHashMap<>();
      for (String cookie : jar.isEmpty() ? new String[0] : jar.split("; ")) {
        all.put(cookie.split("=", 2)[0], cookie);
      }
      header("set-cookie").stream()
          .flatMap(String::lines)
          .map(cookie -> cookie.split(";", 2)[0])
          .forEach(cookie -> all.put(cookie.split("=", 2)[0], cookie));
      return String.join("; ", all.values());
    }
  }

  /** HTTP/1.1 over a plain socket, one request per connection. */
  static final class RawHttp {
    static RawResponse send(
        TestServer server,
        String method,
        String path,
        String host,
        Map<String, String> headers,
        String body)
        throws IOException {
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.setSoTimeout(30_000);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder();
        request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        request.append("Host: ").append(host).append("\r\n");
        request.append("Connection: close\r\n");
        headers.forEach(
            (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
        InputStream in = socket.getInputStream();
        String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int end = raw.indexOf("\r\n\r\n");
        String[] lines = raw.substring(0, end).split("\r\n");
        Map<String, String> answerHeaders = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
          int colon = lines[i].indexOf(':');
          String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
          String value = lines[i].substring(colon + 1).trim();
          answerHeaders.merge(name, value, (first, next) -> first + "\n" + next);
        }
        return new RawResponse(
            Integer.parseInt(lines[0].split(" ")[1]), answerHeaders, raw.substring(end + 4));
      }
    }
  }
}
