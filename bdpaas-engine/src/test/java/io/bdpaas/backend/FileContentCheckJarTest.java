package io.bdpaas.backend;

import static io.bdpaas.backend.TestingJars.classBytes;
import static io.bdpaas.backend.TestingJars.entries;
import static io.bdpaas.backend.TestingJars.indexOf;
import static io.bdpaas.backend.TestingJars.jar;
import static io.bdpaas.backend.TestingJars.manifest;
import static io.bdpaas.backend.TestingJars.storedZip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Jars built in memory by the JDK's zip writers, fed to the check whole, in pieces, bytewise. */
class FileContentCheckJarTest {
  private static final StorageFileName JAR = new StorageFileName("job.jar");
  private static final int LOCAL_SIGNATURE = 0x04034b50;
  private static final int CENTRAL_SIGNATURE = 0x02014b50;

  /** How an upload's bytes reach the check. */
  enum Feeding {
    WHOLE,
    RANDOM_PIECES,
    BYTE_BY_BYTE;

    void feed(FileContentCheck check, byte[] bytes) {
      switch (this) {
        case WHOLE -> check.update(bytes, 0, bytes.length);
        case RANDOM_PIECES -> {
          Random random = new Random(bytes.length);
          for (int at = 0; at < bytes.length; ) {
            int size = Math.min(1 + random.nextInt(97), bytes.length - at);
            check.update(bytes, at, size);
            at += size;
          }
        }
        case BYTE_BY_BYTE -> {
          for (int at = 0; at < bytes.length; at++) {
            check.update(bytes, at, 1);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Feeding.class)
  void acceptsAJarAndFindsItsMainClassAndClasses(Feeding feeding) {
    byte[] jar =
        jar(
            manifest("io.example.Main"),
            entries(
                "io/", new byte[0],
                "io/example/", new byte[0],
                "io/example/Main.class", classBytes("Main"),
                "io/example/Main$Inner.class", classBytes("Main$Inner"),
                "application.properties", "spark.app.name=example\n".repeat(50).getBytes()));

    FileContentCheck.Jar check = FileContentCheck.jar(JAR);
    feeding.feed(check, jar);
    check.finish();

    assertThat(check.mainClass()).contains("io.example.Main");
    assertThat(check.classCount()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Feeding.class)
  void acceptsAStoredZipWithoutManifest(Feeding feeding) {
    byte[] zip =
        storedZip(
            entries(
                "a/B.class", classBytes("B"),
                "a/C.class", classBytes("C"),
                "empty.txt", new byte[0]));

    FileContentCheck.Jar check = FileContentCheck.jar(JAR);
    feeding.feed(check, zip);
    check.finish();

    assertThat(check.mainClass()).isEmpty();
    assertThat(check.classCount()).isEqualTo(2);
  }

  @Test
  void acceptsLargeEntriesThatDoNotCompressMuchFedInPieces() {
    byte[] random = new byte[3 << 20];
    new Random(7).nextBytes(random);
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      rows.append("row ").append(i).append(',').append(i * 7919 % 1000).append('\n');
    }
    byte[] text = rows.toString().getBytes(StandardCharsets.UTF_8);
    byte[] jar =
        jar(
            null,
            entries("Main.class", classBytes("Main"), "random.bin", random, "rows.csv", text));

    FileContentCheck.Jar check = FileContentCheck.jar(JAR);
    Feeding.RANDOM_PIECES.feed(check, jar);
    check.finish();

    assertThat(check.classCount()).isEqualTo(1);
  }

  @Test
  void acceptsRealJarsAndCountsTheClassesJavaSees() throws Exception {
    // JUnit's jar is built by Gradle, AssertJ's by Maven.
    for (Class<?> type : List.of(Test.class, Assertions.class)) {
      Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      assertThat(jar.toString()).endsWith(".jar");
      FileContentCheck.Jar check = FileContentCheck.jar(JAR);
      Feeding.RANDOM_PIECES.feed(check, Files.readAllBytes(jar));
      check.finish();

      try (ZipFile zip = new ZipFile(jar.toFile())) {
        long classes =
            zip.stream()
                .filter(entry -> !entry.isDirectory() && entry.getName().endsWith(".class"))
                .count();
        assertThat(check.classCount()).isEqualTo(classes).isPositive();
      }
    }
  }

  @Test
  void forNameGivesTheJarCheckForAJarName() {
    assertThat(FileContentCheck.forName(JAR)).isInstanceOf(FileContentCheck.Jar.class);
    assertThatThrownBy(() -> FileContentCheck.jar(new StorageFileName("data.csv")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void itsFindingsAreThereOnlyOnceTheJarIsAccepted() {
    FileContentCheck.Jar check = FileContentCheck.jar(JAR);
    assertThatThrownBy(check::mainClass).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(check::classCount).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @EnumSource(Feeding.class)
  void refusesATextFileRenamedJarAtItsFirstByte(Feeding feeding) {
    byte[] text = "Main-Class: not.a.Jar\n".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> feeding.feed(FileContentCheck.jar(JAR), text))
        .isInstanceOf(FileContentException.class)
        .hasMessage("job.jar is not a jar: it does not start like a zip archive");
  }

  @Test
  void refusesAnEmptyFileAndOneCutBeforeItsFirstEntry() {
    assertThatThrownBy(FileContentCheck.jar(JAR)::finish)
        .isInstanceOf(FileContentException.class)
        .hasMessage("job.jar is not a jar: it is empty");

    FileContentCheck.Jar check = FileContentCheck.jar(JAR);
    check.update(new byte[] {'P', 'K', 3}, 0, 3);
    assertThatThrownBy(check::finish)
        .isInstanceOf(FileContentException.class)
        .hasMessage("job.jar is not a jar: it is cut short: it ends before its first entry");
  }

  @ParameterizedTest
  @EnumSource(Feeding.class)
  void refusesAZipWithoutClasses(Feeding feeding) {
    byte[] zip = jar(null, entries("notes.txt", "no code here\n".getBytes()));

    FileContentCheck.Jar check = FileContentCheck.jar(JAR);
    feeding.feed(check, zip);

    assertThatThrownBy(check::finish)
        .isInstanceOf(FileContentException.class)
        .hasMessage("job.jar is not a jar: it holds no classes");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../../evil.class",
        "/abs.class",
        "lib/../../evil.class",
        "..",
        "lib\\evil.class",
        "C:/evil.class",
        "evil\0.class"
      })
  void refusesNamesThatCouldBeUnpackedOutsideTheirFolder(String name) {
    byte[] zip = storedZip(entries("Main.class", classBytes("Main"), name, classBytes("Evil")));

    assertThatThrownBy(() -> Feeding.WHOLE.feed(FileContentCheck.jar(JAR), zip))
        .isInstanceOf(FileContentException.class)
        .hasMessageStartingWith(
            "job.jar is not a jar: entry '"
                + StorageFileName.printable(name)
                + "' could be unpacked outside its folder (zip slip): its name ");
  }

  @Test
  void refusesAZipBombLongBeforeItsEnd() {
    byte[] bomb = TestingJars.zeros("zeros.bin", 200L << 20);
    assertThat(bomb.length).isLessThan(300 << 10);

    FileContentCheck.Jar check = FileContentCheck.jar(JAR);
    int[] fed = {0};
    assertThatThrownBy(
            () -> {
              for (; fed[0] < bomb.length; fed[0] += 1024) {
                check.update(bomb, fed[0], Math.min(1024, bomb.length - fed[0]));
              }
              check.finish();
            })
        .isInstanceOf(FileContentException.class)
        .hasMessage(
            "job.jar is not a jar: entry 'zeros.bin' inflates to more than 100 times its"
                + " compressed size: it looks like a zip bomb");
    // Refused after about 1 MiB inflated from its first KiBs, not after 200 MiB from all of them.
    assertThat(fed[0]).isLessThan(bomb.length / 10);
  }

  @Test
  void refusesAJarCutShort() {
    byte[] jar =
        jar(manifest("Main"), entries("Main.class", classBytes("Main"), "a.txt", new byte[100]));
    int central = indexOf(jar, CENTRAL_SIGNATURE, 0);
    // META-INF/MANIFEST.MF, then Main.class
    int main = indexOf(jar, LOCAL_SIGNATURE, 4);
    int insideMain = main + 30 + "Main.class".length() + 2;

    assertThatThrownBy(() -> acceptedPrefix(jar, insideMain))
        .isInstanceOf(FileContentException.class)
        .hasMessage(
            "job.jar is not a jar: it is cut short: it ends inside entry 'Main.class', before its"
                + " central directory");
    assertThatThrownBy(() -> acceptedPrefix(jar, main + 10))
        .hasMessage("job.jar is not a jar: it is cut short: it ends inside the header of entry 2");
    assertThatThrownBy(() -> acceptedPrefix(jar, central))
        .hasMessage(
            "job.jar is not a jar: it is cut short: it ends after entry 'a.txt', before its"
                + " central directory");
    assertThatThrownBy(() -> acceptedPrefix(jar, jar.length - 1))
        .hasMessage(
            "job.jar is not a jar: it is cut short: it ends inside its central directory or end"
                + " record");
  }

  @Test
  void refusesAnEncryptedEntry() {
    byte[] zip = storedZip(entries("Main.class", classBytes("Main")));
    zip[6] |= 1; // the local header's flags: encrypted

    assertThatThrownBy(() -> Feeding.BYTE_BY_BYTE.feed(FileContentCheck.jar(JAR), zip))
        .isInstanceOf(FileContentException.class)
        .hasMessage("job.jar is not a jar: entry 'Main.class' is encrypted");
  }

  @Test
  void refusesCompressionMethodsOtherThanStoredAndDeflated() {
    byte[] zip = storedZip(entries("Main.class", classBytes("Main")));
    zip[8] = 12; // the local header's method: bzip2

    assertThatThrownBy(() -> Feeding.WHOLE.feed(FileContentCheck.jar(JAR), zip))
        .isInstanceOf(FileContentException.class)
        .hasMessage(
            "job.jar is not a jar: entry 'Main.class' is compressed with method 12; only stored"
                + " and deflated entries can be read");
  }

  @Test
  void refusesAStoredEntryWhoseSizeComesAfterIt() {
    byte[] zip = storedZip(entries("Main.class", classBytes("Main")));
    zip[6] |= 8; // the local header's flags: a data descriptor follows

    assertThatThrownBy(() -> Feeding.WHOLE.feed(FileContentCheck.jar(JAR), zip))
        .isInstanceOf(FileContentException.class)
        .hasMessageContaining("entry 'Main.class' is stored with its size after it");
  }

  @Test
  void refusesADamagedEntry() {
    byte[] zip = storedZip(entries("Main.class", classBytes("Main")));
    int data = 30 + "Main.class".length();
    zip[data + 5] ^= 1;

    assertThatThrownBy(() -> Feeding.WHOLE.feed(FileContentCheck.jar(JAR), zip))
        .isInstanceOf(FileContentException.class)
        .hasMessage("job.jar is not a jar: entry 'Main.class' is damaged: its CRC does not match");
  }

  @Test
  void refusesACentralDirectoryThatListsOtherEntriesThanItHolds() {
    // java.util.zip.ZipFile reads the central directory: its names must be the entries checked.
    byte[] zip =
        storedZip(entries("Main.class", classBytes("Main"), "Safe.class", classBytes("Safe")));
    int second = indexOf(zip, CENTRAL_SIGNATURE, indexOf(zip, CENTRAL_SIGNATURE, 0) + 4);
    byte[] renamed = zip.clone();
    renamed[second + 46] = 'X';

    assertThatThrownBy(() -> Feeding.WHOLE.feed(FileContentCheck.jar(JAR), renamed))
        .isInstanceOf(FileContentException.class)
        .hasMessage(
            "job.jar is not a jar: its central directory does not list the entries it holds");

    byte[] moved = zip.clone();
    int secondLocal = indexOf(zip, LOCAL_SIGNATURE, 4);
    moved[second + 42] = (byte) (secondLocal + 1); // the local header's offset
    assertThatThrownBy(() -> Feeding.WHOLE.feed(FileContentCheck.jar(JAR), moved))
        .isInstanceOf(FileContentException.class)
        .hasMessageContaining("central directory does not list the entries it holds");
  }

  @Test
  void acceptsAnArchiveCommentButNotOneHidingAnotherEndRecord() {
    byte[] commented = storedZip(entries("Main.class", classBytes("Main")), "built for the tests");
    FileContentCheck.Jar check = FileContentCheck.jar(JAR);
    Feeding.BYTE_BY_BYTE.feed(check, commented);
    check.finish();
    assertThat(check.classCount()).isEqualTo(1);

    byte[] hiding =
        storedZip(
            entries("Main.class", classBytes("Main")), "PK\u0005\u0006" + "\u0000".repeat(18));
    assertThatThrownBy(() -> Feeding.WHOLE.feed(FileContentCheck.jar(JAR), hiding))
        .isInstanceOf(FileContentException.class)
        .hasMessage("job.jar is not a jar: its comment holds a second end record");
  }

  @Test
  void refusesBytesAfterTheEndRecord() {
    byte[] zip = storedZip(entries("Main.class", classBytes("Main")));
    byte[] longer = Arrays.copyOf(zip, zip.length + 1);

    assertThatThrownBy(() -> Feeding.WHOLE.feed(FileContentCheck.jar(JAR), longer))
        .isInstanceOf(FileContentException.class)
        .hasMessage("job.jar is not a jar: it has bytes after its end record");
  }

  @Test
  void refusesAManifestLargerThan64KiB() {
    Manifest manifest = manifest("Main");
    for (int i = 0; i < 2000; i++) {
      manifest.getMainAttributes().put(new Attributes.Name("X-Padding-" + i), "x".repeat(40));
    }
    byte[] jar = jar(manifest, entries("Main.class", classBytes("Main")));

    assertThatThrownBy(() -> Feeding.WHOLE.feed(FileContentCheck.jar(JAR), jar))
        .isInstanceOf(FileContentException.class)
        .hasMessage("job.jar is not a jar: its manifest is larger than 65536 bytes");
  }

  @Test
  void takesNoMoreBytesOnceRefused() {
    FileContentCheck.Jar check = FileContentCheck.jar(JAR);
    assertThatThrownBy(() -> check.update(new byte[] {'x'}, 0, 1))
        .isInstanceOf(FileContentException.class);
    assertThatThrownBy(() -> check.update(new byte[] {'P'}, 0, 1))
        .isInstanceOf(IllegalStateException.class);
  }

  /** Feeds the first {@code length} bytes of {@code archive}, then finishes. */
  private static void acceptedPrefix(byte[] archive, int length) {
    FileContentCheck check = FileContentCheck.jar(JAR);
    check.update(archive, 0, length);
    check.finish();
  }
}
