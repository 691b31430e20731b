package io.bdpaas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link AwaitedAnswer} in a real embedded Tomcat, behind {@link AwaitedAnswerFilter} and a filter
 * that, like Spring Security's header writer, sets a header after the chain returns.
 */
class AwaitedAnswerTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** Held, so that its level stays: Tomcat's start and stop lines are not this test's business. */
  private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

  @TempDir static Path base;

  private static Tomcat tomcat;
  private static int port;

  /** Completes the next /later request's answer; the test sends on it when it likes. */
  private static final AtomicReference<CompletableFuture<String>> later = new AtomicReference<>();

  /** How many requests of each path have ended, as their answers' end actions counted. */
  private static final Map<String, AtomicInteger> ENDS = new ConcurrentHashMap<>();

  /** The last answer started. */
  private static final AtomicReference<AwaitedAnswer> lastAnswer = new AtomicReference<>();

  /** Released once an answer timed out and a late value was refused. */
  private static final CountDownLatch lateValueRefused = new CountDownLatch(1);

  @BeforeAll
  static void startTomcat() throws LifecycleException {
    TOMCAT_LOG.setLevel(Level.SEVERE);
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(0);
    Context context = tomcat.addContext("", base.toString());
    Tomcat.addServlet(context, "waiting", new WaitingServlet()).setAsyncSupported(true);
    context.addServletMappingDecoded("/*", "waiting");
    addFilter(context, "awaited", new AwaitedAnswerFilter());
    addFilter(context, "headers", new HeaderAfterChainFilter());
    tomcat.start();
    port = tomcat.getConnector().getLocalPort();
  }

  private static void addFilter(Context context, String name, Filter filter) {
    FilterDef definition = new FilterDef();
    definition.setFilterName(name);
    definition.setFilter(filter);
    definition.setAsyncSupported("true");
    context.addFilterDef(definition);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName(name);
    mapping.addURLPattern("/*");
    context.addFilterMap(mapping);
  }

  @AfterAll
  static void stopTomcat() throws LifecycleException {
    tomcat.stop();
    tomcat.destroy();
  }

  @Test
  void aValueReadyBeforeTheFiltersReturnIsWrittenAfterThemWithTheirHeaders() throws Exception {
    HttpResponse<String> response = get("/now");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(response.body()).get("answer").asString()).isEqualTo("now");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("Content-Length"))
        .hasValue(String.valueOf(response.body().length()));
    assertThat(response.headers().firstValue("X-After-Chain")).hasValue("set");
  }

  @Test
  void aValueFromAnotherThreadAnswersTheWaitingRequest() throws Exception {
    CompletableFuture<String> value = new CompletableFuture<>();
    later.set(value);
    CompletableFuture<HttpResponse<String>> response =
        CLIENT.sendAsync(request("/later"), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(200);
    assertThat(response).isNotDone();

    value.complete("later");

    HttpResponse<String> answered = response.get(10, TimeUnit.SECONDS);
    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(answered.body()).get("answer").asString()).isEqualTo("later");
    assertThat(answered.headers().firstValue("X-After-Chain")).hasValue("set");
  }

  @Test
  void aWaitThatTimesOutIsAnsweredWithTheTimeoutsValueAndALateValueIsRefused() throws Exception {
    HttpResponse<String> response = get("/timeout");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).get("answer").asString()).isEqualTo("timed out");
    assertThat(lateValueRefused.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aFailedWaitIsAProblemWithoutTheFailuresDetails() throws Exception {
    HttpResponse<String> response = get("/fail");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("INTERNAL_ERROR").doesNotContain("secret detail");
  }

  @Test
  void answersFollowEachOtherOnOneKeptAliveConnection() throws Exception {
    for (int i = 0; i < 50; i++) {
      HttpResponse<String> response = get("/now");
      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(JSON.readTree(response.body()).get("answer").asString()).isEqualTo("now");
    }
  }

  @Test
  void whatAWaitHoldsIsReleasedOnceWhenItEndsHoweverItEnds() throws Exception {
    int answered = ends("/now");
    int timedOut = ends("/timeout");

    assertThat(get("/now").statusCode()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> ends("/now") == answered + 1);
    assertThat(get("/timeout").statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> ends("/timeout") == timedOut + 1);

    // An action given after the end runs at once; none runs twice.
    AtomicBoolean ran = new AtomicBoolean();
    lastAnswer.get().whenEnded(() -> ran.set(true));
    assertThat(ran).isTrue();
    Thread.sleep(1_500);
    assertThat(ends("/now")).isEqualTo(answered + 1);
    assertThat(ends("/timeout")).isEqualTo(timedOut + 1);
  }

  private static int ends(String path) {
    return ENDS.computeIfAbsent(path, p -> new AtomicInteger()).get();
  }

  @Test
  void aRequestThatDidNotPassTheFilterCannotWait() {
    assertThatThrownBy(
            () ->
                AwaitedAnswer.start(
                    new MockHttpServletRequest(),
                    JSON,
                    Duration.ofSeconds(1),
                    () -> ResponseEntity.ok("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AwaitedAnswerFilter");
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return CLIENT.send(request(path), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  private static final class WaitingServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      String path = request.getRequestURI();
      Duration timeout = Duration.ofMillis(path.equals("/timeout") ? 300 : 10_000);
      AwaitedAnswer answer =
          AwaitedAnswer.start(
              request,
              JSON,
              timeout,
              () -> ResponseEntity.accepted().body(Map.of("answer", "timed out")));
      answer.whenEnded(
          () -> ENDS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet());
      lastAnswer.set(answer);
      switch (path) {
        case "/now" -> assertThat(answer.send(answerOf("now", 201))).isTrue();
        case "/later" -> answer.sendWhen(later.get(), value -> answerOf(value, 200));
        case "/timeout" ->
            CompletableFuture.runAsync(
                () -> {
                  // Tomcat looks for timed-out waits about once a second: well after that.
                  sleep(3_000);
                  if (!answer.send(answerOf("too late", 200))) {
                    lateValueRefused.countDown();
                  }
                });
        case "/fail" ->
            answer.sendWhen(
                CompletableFuture.failedFuture(new IllegalStateException("secret detail")),
                value -> answerOf("never", 200));
        default -> throw new IllegalArgumentException(path);
      }
    }

    private static ResponseEntity<?> answerOf(String value, int status) {
      return ResponseEntity.status(status).body(Map.of("answer", value));
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Sets a header once the chain has returned, as Spring Security's HeaderWriterFilter does. */
  private static final class HeaderAfterChainFilter extends HttpFilter {
    @Override
    protected void doFilter(
        HttpServletRequest request, HttpServletResponse response, jakarta.servlet.FilterChain chain)
        throws IOException, jakarta.servlet.ServletException {
      try {
        chain.doFilter(request, response);
      } finally {
        response.setHeader("X-After-Chain", "set");
      }
    }
  }
}
