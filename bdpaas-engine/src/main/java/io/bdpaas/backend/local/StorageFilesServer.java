package io.bdpaas.backend.local;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bdpaas.backend.FileContentException;
import io.bdpaas.backend.FileTooLargeException;
import io.bdpaas.backend.StorageFileName;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.StoredFile;
import io.bdpaas.backend.remote.RemoteStorageFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves one storage area's files, with the local implementation ({@link LocalStorageFiles}), over
 * HTTP to the control plane, for a backend whose storage the control plane cannot open itself: on
 * Kubernetes it runs in a small pod of the tenant's namespace that mounts the area's claim where
 * the tenant's nodes mount it, so file locations are the ones the nodes read. {@link
 * RemoteStorageFiles} is its client; every check (names, sizes, content, links) is the local
 * implementation's, behind it.
 *
 * <p>Every request but {@code GET /healthz} must carry {@code Authorization: Bearer <token>}, the
 * area's own token, which the tenant's nodes never see. The protocol:
 *
 * <ul>
 *   <li>{@code GET /files}: the files, as JSON;
 *   <li>{@code PUT /files/<name>?maxBytes=<n>}: the body becomes the file; 201 with the file, 413
 *       over {@code maxBytes}, 422 when the content is not what the name says;
 *   <li>{@code GET /files/<name>}: the content, with {@code X-Modified-At} (an ISO-8601 instant)
 *       and {@code X-Location}; 404 when there is none;
 *   <li>{@code DELETE /files/<name>}: 204, or 404 when there was none;
 *   <li>{@code GET /usage}: {@code {"usedBytes": n}}.
 * </ul>
 */
public final class StorageFilesServer implements AutoCloseable {
  private static final int THREADS = 4;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final System.Logger LOG = System.getLogger(StorageFilesServer.class.getName());

  private final StorageFiles files;
  private final byte[] token;
  private final HttpServer server;
  private final ExecutorService executor;

  private StorageFilesServer(StorageFiles files, String token, InetSocketAddress bind)
      throws IOException {
    this.files = requireNonNull(files, "files is null");
    if (token.isBlank()) {
      throw new IllegalArgumentException("the token is empty");
    }
    this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.server = HttpServer.create(bind, 16);
    this.executor = Executors.newFixedThreadPool(THREADS);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves {@code files} on {@code bind} to requests that present {@code token}. */
  public static StorageFilesServer start(StorageFiles files, String token, InetSocketAddress bind)
      throws IOException {
    return new StorageFilesServer(files, token, bind);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      route(exchange);
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod();
      if (path.equals("/healthz") && method.equals("GET")) {
        send(exchange, 200, JSON.createObjectNode().put("status", "UP"));
        return;
      }
      String presented = exchange.getRequestHeaders().getFirst("Authorization");
      if (presented == null
          || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token)) {
        send(exchange, 401, error("a bearer token is required"));
        return;
      }
      if (path.equals("/files") && method.equals("GET")) {
        list(exchange);
      } else if (path.equals("/usage") && method.equals("GET")) {
        send(exchange, 200, JSON.createObjectNode().put("usedBytes", files.usedBytes()));
      } else if (path.startsWith("/files/")) {
        String raw = URLDecoder.decode(path.substring("/files/".length()), StandardCharsets.UTF_8);
        List<String> problems = StorageFileName.problems(raw);
        if (!problems.isEmpty()) {
          send(exchange, 400, error(String.join("; ", problems)));
          return;
        }
        StorageFileName name = new StorageFileName(raw);
        switch (method) {
          case "PUT" -> write(exchange, name);
          case "GET" -> read(exchange, name);
          case "DELETE" -> send(exchange, files.delete(name) ? 204 : 404, null);
          default -> send(exchange, 405, error("method not allowed"));
        }
      } else {
        send(exchange, 404, error("no such resource"));
      }
    } catch (RuntimeException e) {
      // The storage failed (a request's own faults are answered above): said, not hidden.
      LOG.log(System.Logger.Level.WARNING, "request failed: " + exchange.getRequestURI(), e);
      send(exchange, 500, error(String.valueOf(e.getMessage())));
    }
  }

  private void list(HttpExchange exchange) throws IOException {
    ArrayNode array = JSON.createArrayNode();
    files.list().forEach(file -> array.add(json(file)));
    send(exchange, 200, array);
  }

  private void write(HttpExchange exchange, StorageFileName name) throws IOException {
    long maxBytes;
    try {
      maxBytes =
          Long.parseLong(query(exchange).getOrDefault("maxBytes", String.valueOf(Long.MAX_VALUE)));
    } catch (NumberFormatException e) {
      send(exchange, 400, error("maxBytes is not a number"));
      return;
    }
    try (InputStream body = exchange.getRequestBody()) {
      StoredFile stored = files.write(name, body, maxBytes);
      send(exchange, 201, json(stored));
    } catch (FileTooLargeException e) {
      send(exchange, 413, error(e.getMessage()));
    } catch (FileContentException e) {
      send(exchange, 422, error(e.getMessage()));
    }
  }

  private void read(HttpExchange exchange, StorageFileName name) throws IOException {
    Optional<StorageFiles.OpenFile> opened = files.open(name);
    if (opened.isEmpty()) {
      send(exchange, 404, error("no such file"));
      return;
    }
    try (StorageFiles.OpenFile file = opened.get()) {
      exchange
          .getResponseHeaders()
          .set(RemoteStorageFiles.MODIFIED_HEADER, file.file().modifiedAt().toString());
      exchange.getResponseHeaders().set(RemoteStorageFiles.LOCATION_HEADER, file.file().location());
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.sendResponseHeaders(
          200, file.file().sizeBytes() == 0 ? -1 : file.file().sizeBytes());
      try (OutputStream out = exchange.getResponseBody()) {
        file.content().transferTo(out);
      }
    }
  }

  private static Map<String, String> query(HttpExchange exchange) {
    String raw = exchange.getRequestURI().getRawQuery();
    Map<String, String> values = new java.util.HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          values.put(
              pair.substring(0, equals),
              URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return values;
  }

  static ObjectNode json(StoredFile file) {
    return JSON.createObjectNode()
        .put("name", file.name().value())
        .put("sizeBytes", file.sizeBytes())
        .put("modifiedAt", file.modifiedAt().toString())
        .put("location", file.location());
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", String.valueOf(message));
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Runs the service: {@code <storage folder> <area> <port> <token file>}, e.g. {@code
   * /bdpaas/storage p-sales 8080 /bdpaas/files-token/token}. Runs until the process is stopped.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: StorageFilesServer <storage folder> <area> <port> <token file>");
      System.exit(2);
    }
    String token = Files.readString(Path.of(args[3]), StandardCharsets.UTF_8).strip();
    // The area is the mounted volume; its files folder is made on first start, as the local
    // backend makes it with the area.
    Files.createDirectories(Path.of(args[0]).resolve(args[1]).resolve(LocalStorageFiles.FOLDER));
    StorageFilesServer server =
        start(
            LocalStorageFiles.of(Path.of(args[0]), args[1]),
            token,
            new InetSocketAddress(Integer.parseInt(args[2])));
    System.out.println(
        "serving the files of " + Path.of(args[0]).resolve(args[1]) + " on port " + server.port());
  }
}
