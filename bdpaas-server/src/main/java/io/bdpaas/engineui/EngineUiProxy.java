package io.bdpaas.engineui;

import static java.util.Objects.requireNonNull;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.cluster.ClusterId;
import io.bdpaas.cluster.ClusterService;
import io.bdpaas.cluster.ClusterStatus;
import io.bdpaas.cluster.ClusterSummary;
import io.bdpaas.engine.EngineAddresses;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.UserId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Serves a cluster's engine UI under {@code /clusters/{id}/ui/}: the endpoint its product names
 * {@link ClusterSummary#WEB_UI}, asked with the cluster's own credentials (the bearer its Spark
 * UIs' filter wants, the client certificate Flink's REST endpoint wants) on behalf of a caller who
 * may see the cluster. Read-only: only GET and HEAD pass, as starting and stopping work goes
 * through the platform, which checks and records it. The browser's cookies and credentials never
 * reach the engine, and the engine's cookies never reach the browser.
 */
@Component
public class EngineUiProxy {
  private static final Logger log = LoggerFactory.getLogger(EngineUiProxy.class);

  /** How long one answer of the engine may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * Requests one user may have in flight: a browser opens six connections per host, a page loads
   * its assets and a dashboard polls; more is one user slowing everyone else's engine pages.
   */
  static final int MAX_IN_FLIGHT_PER_USER = 16;

  /** Larger HTML pages pass unchanged rather than being held in memory to be rewritten. */
  static final int MAX_REWRITTEN_BYTES = 16 * 1024 * 1024;

  /** Engine UIs run scripts of their own, inline ones included (Spark's pages). */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self';"
          + " frame-ancestors 'self'; form-action 'self'; base-uri 'self'; object-src 'none'";

  private static final Set<String> FORWARDED_REQUEST_HEADERS =
      Set.of("accept", "accept-language", "if-none-match", "if-modified-since", "range");

  private static final Set<String> FORWARDED_RESPONSE_HEADERS =
      Set.of(
          "content-type",
          "cache-control",
          "etag",
          "last-modified",
          "expires",
          "content-disposition",
          "content-range",
          "accept-ranges");

  private final ClusterService clusters;
  private final List<EngineUiRoutes> routes;
  private final HttpClient plain;
  private final EngineAddresses addresses;
  private final Map<ClusterId, Access> access =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ClusterId, Access> eldest) {
              return size() > 64;
            }
          });
  private final Map<UserId, Semaphore> inFlight = new ConcurrentHashMap<>();

  public EngineUiProxy(
      ClusterService clusters, ObjectProvider<EngineUiRoutes> routes, EngineAddresses addresses) {
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.addresses = requireNonNull(addresses, "addresses is null");
    this.routes = routes.orderedStream().toList();
    this.plain = client(Optional.empty());
  }

  /** The platform's path of a cluster's engine UI, without a trailing slash. */
  private static String prefix(ClusterId id) {
    return "/clusters/" + id.value() + "/ui";
  }

  /** Answers {@code request}, addressed to the cluster's UI prefix, with the engine's answer. */
  public void forward(
      Caller caller, ClusterId id, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      response.setHeader("Allow", "GET, HEAD");
      throw new BdpaasException(
          ErrorCode.METHOD_NOT_ALLOWED,
          "Engine UIs are read-only through the platform: start, stop and kill applications from"
              + " the platform's own pages, which check and record what is done.");
    }
    ClusterSummary cluster =
        clusters
            .findSummary(caller, id)
            .filter(found -> found.status() != ClusterStatus.DESTROYED)
            .orElseThrow(() -> BdpaasException.notFound("Cluster", id));
    String endpoint = cluster.endpoints().get(ClusterSummary.WEB_UI);
    if (endpoint == null) {
      throw new BdpaasException(
          ErrorCode.NOT_FOUND,
          "Cluster "
              + id
              + (cluster.status() == ClusterStatus.READY
                  ? " has no engine UI."
                  : " has no engine UI yet: it is " + cluster.status().wireName() + "."));
    }
    String path = request.getRequestURI().substring(prefix(id).length());
    String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
    if (path.isEmpty()) {
      // The UIs resolve their relative links against the folder: /ui/, not /ui.
      response.sendRedirect(prefix(id) + "/" + query);
      return;
    }
    Optional<EngineUiRoutes.Route> elsewhere =
        routes.stream()
            .map(routing -> routing.route(caller, cluster, path))
            .flatMap(Optional::stream)
            .findFirst();
    // Where the control plane reaches the engine: its redirects name that address (engines build
    // them from the Host header), so the rewriter takes it as the engine's own.
    URI engine =
        addresses.reach(elsewhere.map(EngineUiRoutes.Route::base).orElse(URI.create(endpoint)));
    String enginePath = elsewhere.map(EngineUiRoutes.Route::path).orElse(path);
    EngineUiRewriter rewriter =
        new EngineUiRewriter(
            prefix(id), prefix(id) + elsewhere.map(EngineUiRoutes.Route::mount).orElse(""), engine);
    URI target;
    try {
      target = URI.create(stripSlash(engine.toString()) + enginePath + query);
    } catch (IllegalArgumentException e) {
      throw BdpaasException.invalid("path", "is not a valid address for an engine UI");
    }
    Semaphore permits =
        inFlight.computeIfAbsent(caller.id(), user -> new Semaphore(MAX_IN_FLIGHT_PER_USER));
    if (!permits.tryAcquire()) {
      throw new BdpaasException(
          ErrorCode.TOO_MANY_REQUESTS,
          "Too many engine UI requests of yours at once; retry shortly.");
    }
    try {
      Access credentials =
          elsewhere
              .map(route -> new Access(plain, route.bearer()))
              .orElseGet(() -> access(caller, cluster, engine));
      send(cluster, credentials, target, rewriter, request, response);
    } finally {
      permits.release();
    }
  }

  private void send(
      ClusterSummary cluster,
      Access credentials,
      URI target,
      EngineUiRewriter rewriter,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    HttpRequest.Builder ask =
        HttpRequest.newBuilder(target)
            .timeout(TIMEOUT)
            .method(request.getMethod(), HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + credentials.bearer());
    for (String name : FORWARDED_REQUEST_HEADERS) {
      String value = request.getHeader(name);
      if (value != null) {
        ask.header(name, value);
      }
    }
    HttpResponse<InputStream> answer;
    try {
      answer = credentials.client().send(ask.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      access.remove(cluster.id()); // a restarted engine may present a new certificate
      log.debug("[{}] engine UI {} did not answer: {}", cluster.id(), target, e.toString());
      throw new BdpaasException(
          ErrorCode.ENGINE_UNREACHABLE,
          "The engine UI of cluster "
              + cluster.id()
              + " did not answer; the cluster's page shows whether its nodes run.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BdpaasException(ErrorCode.SERVER_BUSY, "The server is stopping.");
    }
    try (InputStream body = answer.body()) {
      copy(answer, body, rewriter, request.getMethod().equals("HEAD"), response);
    }
  }

  private void copy(
      HttpResponse<InputStream> answer,
      InputStream body,
      EngineUiRewriter rewriter,
      boolean head,
      HttpServletResponse response)
      throws IOException {
    response.setStatus(answer.statusCode());
    answer
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (FORWARDED_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> response.addHeader(name, value));
              }
            });
    answer
        .headers()
        .firstValue("location")
        .flatMap(rewriter::location)
        .ifPresent(location -> response.setHeader("Location", location));
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Frame-Options", "SAMEORIGIN");
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (head) {
      return;
    }
    Optional<MediaType> type =
        answer.headers().firstValue("content-type").flatMap(EngineUiProxy::mediaType);
    OutputStream out = response.getOutputStream();
    if (type.isPresent() && MediaType.TEXT_HTML.includes(type.get())) {
      byte[] page = body.readNBytes(MAX_REWRITTEN_BYTES + 1);
      if (page.length <= MAX_REWRITTEN_BYTES) {
        Charset charset =
            Optional.ofNullable(type.get().getCharset()).orElse(StandardCharsets.UTF_8);
        byte[] rewritten = rewriter.html(new String(page, charset)).getBytes(charset);
        response.setContentLength(rewritten.length);
        out.write(rewritten);
        return;
      }
      out.write(page);
    } else {
      answer
          .headers()
          .firstValue("content-length")
          .ifPresent(
              length -> {
                try {
                  response.setContentLengthLong(Long.parseLong(length));
                } catch (NumberFormatException ignored) {
                  // streamed without a length
                }
              });
    }
    body.transferTo(out);
  }

  private Access access(Caller caller, ClusterSummary cluster, URI engine) {
    Access known = access.get(cluster.id());
    if (known != null) {
      return known;
    }
    String bearer =
        clusters
            .engineBearer(caller, cluster.id())
            .orElseThrow(() -> BdpaasException.notFound("Cluster", cluster.id()));
    Optional<SSLContext> tls =
        "https".equalsIgnoreCase(engine.getScheme())
            ? clusters.engineTls(caller, cluster.id())
            : Optional.empty();
    Access fresh = new Access(tls.isPresent() ? client(tls) : plain, bearer);
    access.put(cluster.id(), fresh);
    return fresh;
  }

  private static HttpClient client(Optional<SSLContext> tls) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER);
    tls.ifPresent(builder::sslContext);
    return builder.build();
  }

  private static Optional<MediaType> mediaType(String value) {
    try {
      return Optional.of(MediaType.parseMediaType(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String stripSlash(String address) {
    return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
  }

  /** How the platform reaches one cluster's engine UI. */
  private record Access(HttpClient client, String bearer) {}
}
