package io.bdpaas.backend.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.backend.FileContentException;
import io.bdpaas.backend.FileTooLargeException;
import io.bdpaas.backend.StorageFileName;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.StorageUnavailableException;
import io.bdpaas.backend.StoredFile;
import io.bdpaas.backend.local.LocalStorageFiles;
import io.bdpaas.backend.local.StorageFilesServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storage area's files through the file service, over real HTTP, with the local implementation
 * behind it: what the Kubernetes backend's file pod serves and the control plane calls.
 */
class RemoteStorageFilesTest {
  private static final String TOKEN = "area-token-0123456789";
  private static final StorageFileName SALES = new StorageFileName("sales.csv");

  @TempDir Path storage;
  private StorageFilesServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private StorageFiles files;
  private String area;

  @BeforeEach
  void start() throws IOException {
    // The area, with its files folder, as the local backend makes it and the file service at start.
    Files.createDirectories(storage.resolve("p-sales").resolve(LocalStorageFiles.FOLDER));
    server =
        StorageFilesServer.start(
            LocalStorageFiles.of(storage, "p-sales"),
            TOKEN,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    area = storage.resolve("p-sales").toString();
    files = client(TOKEN, server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void filesAreWrittenListedReadAndDeletedThroughTheService() throws IOException {
    byte[] csv = "region,amount\nnorth,12\nsouth,30\n".getBytes(StandardCharsets.UTF_8);

    StoredFile written = files.write(SALES, new ByteArrayInputStream(csv), 1024);

    assertThat(written.sizeBytes()).isEqualTo(csv.length);
    assertThat(written.location()).isEqualTo(area + "/files/sales.csv");
    assertThat(files.location(SALES)).isEqualTo(written.location());
    assertThat(Files.readAllBytes(Path.of(written.location()))).isEqualTo(csv);
    assertThat(files.list()).containsExactly(written);
    assertThat(files.usedBytes()).isGreaterThanOrEqualTo(csv.length);
    Optional<StorageFiles.OpenFile> opened = files.open(SALES);
    assertThat(opened).isPresent();
    try (StorageFiles.OpenFile file = opened.get()) {
      assertThat(file.content().readAllBytes()).isEqualTo(csv);
      assertThat(file.file().sizeBytes()).isEqualTo(csv.length);
      assertThat(file.file().modifiedAt()).isEqualTo(written.modifiedAt());
    }

    assertThat(files.delete(SALES)).isTrue();
    assertThat(files.delete(SALES)).isFalse();
    assertThat(files.open(SALES)).isEmpty();
    assertThat(files.list()).isEmpty();
  }

  @Test
  void aRefusedUploadIsTheLocalRefusalAndLeavesNothing() {
    byte[] big = new byte[64 * 1024];
    java.util.Arrays.fill(big, (byte) 'a');

    assertThatThrownBy(
            () -> files.write(new StorageFileName("big.txt"), new ByteArrayInputStream(big), 1000))
        .isInstanceOf(FileTooLargeException.class)
        .hasMessageContaining("1000 bytes");
    assertThatThrownBy(
            () ->
                files.write(
                    new StorageFileName("table.parquet"),
                    new ByteArrayInputStream("not parquet".getBytes(StandardCharsets.UTF_8)),
                    1000))
        .isInstanceOf(FileContentException.class)
        .hasMessageContaining("not a parquet file");
    assertThat(files.list()).isEmpty();
  }

  @Test
  void aBrokenUploadThrowsTheCallersOwnFailure() {
    IOException broken = new IOException("client went away");
    InputStream failing =
        new InputStream() {
          private int sent;

          @Override
          public int read() throws IOException {
            if (sent++ < 10) {
              return 'a';
            }
            throw broken;
          }
        };

    assertThatThrownBy(() -> files.write(new StorageFileName("notes.txt"), failing, 1000))
        .isSameAs(broken);
    assertThat(files.list()).isEmpty();
  }

  @Test
  void withoutTheAreasTokenNothingIsServedButTheHealthCheck() throws Exception {
    assertThatThrownBy(() -> client("wrong-token", server.port()).list())
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("refused the platform's token");
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/files"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void aNameThatIsNotAFileNameIsRefusedByTheServiceItself() throws Exception {
    for (String path : new String[] {"/files/..%2F..%2Fetc%2Fpasswd", "/files/.hidden.csv"}) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                  .header("Authorization", "Bearer " + TOKEN)
                  .PUT(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(400);
    }
    try (var paths = Files.walk(storage)) {
      assertThat(paths.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void aServiceThatDoesNotAnswerIsSaidToBeUnavailableForNow() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    StorageFiles gone = client(TOKEN, closed);

    assertThatThrownBy(gone::list)
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("does not answer now");
    assertThatThrownBy(() -> gone.write(SALES, new ByteArrayInputStream(new byte[] {'a'}), 10))
        .isInstanceOf(StorageUnavailableException.class);
  }

  private StorageFiles client(String token, int port) {
    return new RemoteStorageFiles(
        http,
        URI.create("http://files-p-sales.test:" + 8080),
        token,
        area,
        (host, ignored) -> InetSocketAddress.createUnresolved("127.0.0.1", port));
  }
}
