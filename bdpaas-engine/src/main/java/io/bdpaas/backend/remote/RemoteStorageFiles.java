package io.bdpaas.backend.remote;

import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.FileContentException;
import io.bdpaas.backend.FileTooLargeException;
import io.bdpaas.backend.StorageFileName;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.StorageUnavailableException;
import io.bdpaas.backend.StoredFile;
import io.bdpaas.engine.EngineAddresses;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A storage area's files through its file service ({@code
 * io.bdpaas.backend.local.StorageFilesServer}): the same operations and the same failures as the
 * local implementation (a refused upload is a {@link FileTooLargeException} or a {@link
 * FileContentException}, a broken upload the reading side's own {@link IOException}), and a {@link
 * StorageUnavailableException} with the reason while the service cannot be reached. Uploads and
 * downloads are streamed. Thread-safe.
 */
public final class RemoteStorageFiles implements StorageFiles {
  /** The header of a downloaded file's last change, an ISO-8601 instant. */
  public static final String MODIFIED_HEADER = "X-Modified-At";

  /** The header of a downloaded file's location, as the tenant's engines read it. */
  public static final String LOCATION_HEADER = "X-Location";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final URI base;
  private final String token;
  private final String areaPath;
  private final EngineAddresses addresses;

  /**
   * @param http the client (its connect timeout applies)
   * @param base the service's address, such as {@code http://files-p-sales-0.files-p-sales...:8080}
   * @param token the area's token
   * @param areaPath where the tenant's nodes find the area, for {@link #location}
   * @param addresses where the control plane connects for the service's address
   */
  public RemoteStorageFiles(
      HttpClient http, URI base, String token, String areaPath, EngineAddresses addresses) {
    this.http = requireNonNull(http, "http is null");
    this.base = requireNonNull(base, "base is null");
    this.token = requireNonNull(token, "token is null");
    this.areaPath = requireNonNull(areaPath, "areaPath is null");
    this.addresses = requireNonNull(addresses, "addresses is null");
  }

  @Override
  public List<StoredFile> list() {
    HttpResponse<String> response =
        send(request("/files").GET(), HttpResponse.BodyHandlers.ofString());
    expect(response, 200);
    List<StoredFile> files = new ArrayList<>();
    for (JsonNode file : parse(response.body())) {
      files.add(storedFile(file));
    }
    return files;
  }

  @Override
  public StoredFile write(StorageFileName name, InputStream content, long maxBytes)
      throws IOException {
    requireNonNull(name, "name is null");
    requireNonNull(content, "content is null");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    Bounded body = new Bounded(content, maxBytes);
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request(path(name) + "?maxBytes=" + maxBytes)
                  .timeout(Duration.ofHours(1)) // the upload's pace is bounded by its caller
                  .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      if (body.tooLarge) {
        throw new FileTooLargeException(name, maxBytes);
      }
      if (body.failure != null) {
        throw body.failure;
      }
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new java.io.InterruptedIOException("upload interrupted"));
    }
    if (body.failure != null) {
      throw body.failure;
    }
    return switch (response.statusCode()) {
      case 201 -> storedFile(parse(response.body()));
      case 413 -> throw new FileTooLargeException(name, maxBytes);
      case 422 -> throw new FileContentException(errorOf(response));
      default -> throw failed(response);
    };
  }

  @Override
  public Optional<OpenFile> open(StorageFileName name) {
    HttpResponse<InputStream> response =
        send(request(path(name)).GET(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() == 404) {
      closeQuietly(response.body());
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      closeQuietly(response.body());
      throw new UncheckedIOException(
          new IOException("the storage's file service answered HTTP " + response.statusCode()));
    }
    long size = response.headers().firstValueAsLong("Content-Length").orElse(0);
    Instant modified =
        response.headers().firstValue(MODIFIED_HEADER).map(Instant::parse).orElse(Instant.EPOCH);
    String location = response.headers().firstValue(LOCATION_HEADER).orElse(location(name));
    return Optional.of(
        new OpenFile(new StoredFile(name, size, modified, location), response.body()));
  }

  @Override
  public boolean delete(StorageFileName name) {
    HttpResponse<String> response =
        send(request(path(name)).DELETE(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return false;
    }
    expect(response, 204);
    return true;
  }

  @Override
  public long usedBytes() {
    HttpResponse<String> response =
        send(request("/usage").GET(), HttpResponse.BodyHandlers.ofString());
    expect(response, 200);
    return parse(response.body()).path("usedBytes").asLong();
  }

  @Override
  public String location(StorageFileName name) {
    return areaPath + "/files/" + name.value();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(addresses.reach(URI.create(base + path)))
        .timeout(CALL_TIMEOUT)
        .header("Authorization", "Bearer " + token);
  }

  private static String path(StorageFileName name) {
    return "/files/" + URLEncoder.encode(name.value(), StandardCharsets.UTF_8);
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request.build(), body);
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageUnavailableException("interrupted while reaching the storage's files");
    }
  }

  private StorageUnavailableException unreachable(Exception e) {
    return new StorageUnavailableException(
        "the storage's file service does not answer now (it starts with the first use of the"
            + " storage and after a restart; retry shortly): "
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
  }

  private static void expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw failed(response);
    }
  }

  private static RuntimeException failed(HttpResponse<String> response) {
    if (response.statusCode() == 401) {
      return new StorageUnavailableException(
          "the storage's file service refused the platform's token");
    }
    return new UncheckedIOException(
        new IOException(
            "the storage's file service answered HTTP "
                + response.statusCode()
                + ": "
                + errorOf(response)));
  }

  private static String errorOf(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body()).path("error").asString("");
    } catch (JacksonException e) {
      return response.body();
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      throw new UncheckedIOException(
          new IOException("the storage's file service answered no JSON: " + e.getMessage()));
    }
  }

  private static StoredFile storedFile(JsonNode file) {
    return new StoredFile(
        new StorageFileName(file.path("name").asString()),
        file.path("sizeBytes").asLong(),
        Instant.parse(file.path("modifiedAt").asString()),
        file.path("location").asString());
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing to do: the response is dropped
    }
  }

  /**
   * The upload as sent: stops with a marked failure past {@code maxBytes}, so that the service is
   * never sent more than that, and keeps a failure of the caller's stream to throw as it was.
   */
  private static final class Bounded extends FilterInputStream {
    private final long maxBytes;
    private long count;
    volatile boolean tooLarge;
    volatile IOException failure;

    Bounded(InputStream in, long maxBytes) {
      super(in);
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int read = read(one, 0, 1);
      return read == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int read;
      try {
        read = super.read(buffer, offset, length);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
      if (read > 0) {
        count += read;
        if (count > maxBytes) {
          tooLarge = true;
          throw new IOException("more than " + maxBytes + " bytes");
        }
      }
      return read;
    }
  }
}
