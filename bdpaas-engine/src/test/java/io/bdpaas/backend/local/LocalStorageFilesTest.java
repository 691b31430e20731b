package io.bdpaas.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bdpaas.backend.FileContentException;
import io.bdpaas.backend.FileTooLargeException;
import io.bdpaas.backend.NodeEventListener;
import io.bdpaas.backend.StorageFileName;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.StoredFile;
import io.bdpaas.backend.TestingJars;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files of a local storage area, in a temporary data directory, with no process started. */
class LocalStorageFilesTest {
  private static final String TENANT = "u1";
  private static final String AREA = "p-files";
  private static final StorageFileName SALES = new StorageFileName("sales.csv");

  @TempDir Path data;
  private LocalClusterBackend backend;

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  void writesListsReadsAndDeletesAFile() throws IOException {
    StorageFiles files = filesOfNewArea(false);

    StoredFile written = files.write(SALES, text("day,units\n2024-01-01,3\n"), 1024);

    Path expected = data.resolve("storage").resolve(TENANT).resolve(AREA).resolve("files");
    assertThat(written.sizeBytes()).isEqualTo(23);
    assertThat(written.location()).isEqualTo(expected.resolve("sales.csv").toString());
    assertThat(files.list()).containsExactly(written);
    try (StorageFiles.OpenFile open = files.open(SALES).orElseThrow()) {
      assertThat(open.file().sizeBytes()).isEqualTo(23);
      assertThat(new String(open.content().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("day,units\n2024-01-01,3\n");
    }
    assertThat(files.delete(SALES)).isTrue();
    assertThat(files.delete(SALES)).isFalse();
    assertThat(files.open(SALES)).isEmpty();
    assertThat(files.list()).isEmpty();
  }

  @Test
  void aFileIsPrivateAndANewOneReplacesTheOldWhole() throws IOException {
    StorageFiles files = filesOfNewArea(false);
    files.write(SALES, text("old\n"), 1024);
    files.write(SALES, text("new,longer\n"), 1024);

    Path file = Path.of(files.location(SALES));
    assertThat(Files.readString(file)).isEqualTo("new,longer\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(namesIn(file.getParent())).containsExactly("sales.csv");
  }

  @Test
  void usedBytesCountsTheWholeAreaTablesIncluded() throws IOException {
    StorageFiles files = filesOfNewArea(false);
    files.write(SALES, text("1234567890"), 1024);
    Path table = area().resolve("warehouse").resolve("kept");
    Files.createDirectories(table);
    Files.write(table.resolve("part-0.parquet"), new byte[100]);

    assertThat(files.usedBytes()).isEqualTo(110);
    assertThat(files.list()).extracting(file -> file.name().value()).containsExactly("sales.csv");
  }

  @Test
  void anUploadOverTheLimitLeavesNothingBehindAndKeepsTheFileItWouldHaveReplaced()
      throws IOException {
    StorageFiles files = filesOfNewArea(false);
    files.write(SALES, text("kept\n"), 1024);

    assertThatThrownBy(() -> files.write(SALES, text("x".repeat(1025)), 1024))
        .isInstanceOf(FileTooLargeException.class)
        .hasMessage("sales.csv is larger than the limit of 1024 bytes");

    assertThat(namesIn(area().resolve("files"))).containsExactly("sales.csv");
    assertThat(Files.readString(Path.of(files.location(SALES)))).isEqualTo("kept\n");
    assertThat(files.usedBytes()).isEqualTo(5);
  }

  @Test
  void contentThatIsNotWhatTheNameSaysLeavesNothingBehind() throws IOException {
    StorageFiles files = filesOfNewArea(false);
    StorageFileName parquet = new StorageFileName("data.parquet");

    assertThatThrownBy(() -> files.write(parquet, text("a,b\n"), 1024))
        .isInstanceOf(FileContentException.class)
        .hasMessageContaining("does not start with PAR1");
    assertThatThrownBy(
            () -> files.write(SALES, new ByteArrayInputStream(new byte[] {'a', (byte) 0xc3}), 10))
        .isInstanceOf(FileContentException.class);

    assertThat(namesIn(area().resolve("files"))).isEmpty();
  }

  @Test
  void aJarIsKeptAndOneThatIsNotSafeOrWholeLeavesNothingBehindNorReplacesIt() throws IOException {
    StorageFiles files = filesOfNewArea(false);
    StorageFileName job = new StorageFileName("job.jar");
    byte[] jar =
        TestingJars.jar(
            TestingJars.manifest("io.example.Main"),
            TestingJars.entries("io/example/Main.class", TestingJars.classBytes("Main")));

    StoredFile written = files.write(job, new ByteArrayInputStream(jar), 1 << 20);
    assertThat(written.sizeBytes()).isEqualTo(jar.length);

    byte[] slip =
        TestingJars.storedZip(
            TestingJars.entries("../../evil.class", TestingJars.classBytes("Evil")));
    assertThatThrownBy(() -> files.write(job, new ByteArrayInputStream(slip), 1 << 20))
        .isInstanceOf(FileContentException.class)
        .hasMessageContaining("'../../evil.class' could be unpacked outside its folder (zip slip)");
    byte[] cut = Arrays.copyOf(jar, jar.length - 1);
    assertThatThrownBy(() -> files.write(job, new ByteArrayInputStream(cut), 1 << 20))
        .isInstanceOf(FileContentException.class)
        .hasMessageContaining("job.jar is not a jar: it is cut short");

    assertThat(namesIn(area().resolve("files"))).containsExactly("job.jar");
    assertThat(Files.readAllBytes(Path.of(files.location(job)))).isEqualTo(jar);
  }

  @Test
  void aBrokenUploadRethrowsTheClientsFailureAsItIsAndLeavesNothingBehind() throws IOException {
    StorageFiles files = filesOfNewArea(false);
    IOException broken = new IOException("connection reset by the client");
    InputStream failing =
        new InputStream() {
          private int sent;

          @Override
          public int read() throws IOException {
            if (sent++ > 100) {
              throw broken;
            }
            return 'x';
          }
        };

    assertThatThrownBy(() -> files.write(SALES, failing, 1024)).isSameAs(broken);
    assertThat(namesIn(area().resolve("files"))).isEmpty();
  }

  @Test
  void aLinkInPlaceOfAFileIsNeitherListedNorReadNorDeleted() throws IOException {
    StorageFiles files = filesOfNewArea(false);
    Path secret = Files.writeString(data.resolve("secret.csv"), "secret\n");
    Files.createSymbolicLink(area().resolve("files").resolve("sales.csv"), secret);

    assertThat(files.list()).isEmpty();
    assertThat(files.open(SALES)).isEmpty();
    assertThat(files.delete(SALES)).isFalse();
    assertThat(files.usedBytes()).isZero();

    // An upload replaces the link itself; the file it pointed to is untouched.
    files.write(SALES, text("mine\n"), 1024);
    assertThat(Files.isSymbolicLink(Path.of(files.location(SALES)))).isFalse();
    assertThat(Files.readString(secret)).isEqualTo("secret\n");
  }

  @Test
  void aLinkInPlaceOfTheFilesFolderOrOfTheAreaIsNeverFollowed() throws IOException {
    StorageFiles files = filesOfNewArea(false);
    Path elsewhere = Files.createDirectories(data.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("sales.csv"), "secret\n");
    Path folder = area().resolve("files");
    Files.delete(folder);
    Files.createSymbolicLink(folder, elsewhere);

    assertThat(files.list()).isEmpty();
    assertThat(files.open(SALES)).isEmpty();
    assertThat(files.delete(SALES)).isFalse();
    assertThatThrownBy(() -> files.write(SALES, text("mine\n"), 1024))
        .isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> backend.ensureStorage(TENANT, AREA))
        .isInstanceOf(UncheckedIOException.class)
        .hasStackTraceContaining("is a link");

    Path area = area();
    deleteRecursively(area);
    Files.createSymbolicLink(area, elsewhere);
    assertThat(files.list()).isEmpty();
    assertThat(files.usedBytes()).isZero();
    assertThatThrownBy(() -> backend.ensureStorage(TENANT, AREA))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(namesIn(elsewhere)).containsExactly("sales.csv");
    assertThat(Files.readString(elsewhere.resolve("sales.csv"))).isEqualTo("secret\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere)))
        .as("the link's target keeps its permissions")
        .isNotEqualTo("rwx------");
  }

  @Test
  void withTenantAccountsAFileBelongsToTheTenantsAccountAndNobodyElse() throws IOException {
    assumeTrue(TenantAccounts.runsAsRoot(), "tenant accounts need the tests to run as root");
    StorageFiles files = filesOfNewArea(true);
    assumeTrue(backend.isolation().tenantsConfined(), backend.isolation().description());

    files.write(SALES, text("a,b\n"), 1024);

    PosixFileAttributes attributes =
        Files.readAttributes(
            Path.of(files.location(SALES)), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    assertThat(attributes.owner().getName()).isEqualTo(TenantAccounts.PREFIX + TENANT);
    assertThat(attributes.group().getName()).isEqualTo(TenantAccounts.PREFIX + TENANT);
    assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("rw-------");
    assertThat(Files.getOwner(area().resolve("files")).getName())
        .isEqualTo(TenantAccounts.PREFIX + TENANT);
  }

  private StorageFiles filesOfNewArea(boolean tenantAccounts) {
    if (tenantAccounts) {
      // Tenants' accounts pass through the data directory and load the runtimes; a temporary
      // directory is private to its creator.
      setPermissions(data, "rwx--x--x");
      setPermissions(createDirectories(data.resolve("runtime")), "rwxr-xr-x");
    }
    backend =
        new LocalClusterBackend(
            LocalSupervisorConfig.defaults(data.resolve("clusters"))
                .withTenantAccounts(tenantAccounts),
            data.resolve("runtime"),
            "127.0.0.1",
            new PortAllocator(41100, 41105),
            NodeEventListener.NONE);
    backend.ensureStorage(TENANT, AREA);
    return backend.storageFiles(TENANT, AREA);
  }

  private static Path createDirectories(Path folder) {
    try {
      return Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void setPermissions(Path path, String permissions) {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path area() {
    return data.resolve("storage").resolve(TENANT).resolve(AREA);
  }

  private static InputStream text(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> namesIn(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }

  private static void deleteRecursively(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
