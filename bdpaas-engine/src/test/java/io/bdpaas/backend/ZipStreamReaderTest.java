package io.bdpaas.backend;

import static io.bdpaas.backend.TestingJars.classBytes;
import static io.bdpaas.backend.TestingJars.entries;
import static io.bdpaas.backend.TestingJars.jar;
import static io.bdpaas.backend.TestingJars.storedZip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming zip reader's limits and its zip64 records, on archives built in memory. */
class ZipStreamReaderTest {
  private static final ZipStreamReader.Limits DEFAULT = ZipStreamReader.Limits.DEFAULT;

  @TempDir Path folder;

  @Test
  void refusesMoreEntriesThanItsLimit() {
    ZipStreamReader.Limits three = new ZipStreamReader.Limits(3, 100, 1 << 20, 1 << 30);
    byte[] zip =
        storedZip(entries("A.class", new byte[1], "B.class", new byte[1], "c/", new byte[0]));
    byte[] more =
        storedZip(
            entries(
                "A.class",
                new byte[1],
                "B.class",
                new byte[1],
                "c",
                new byte[0],
                "d",
                new byte[0]));

    assertThat(read(three, zip)).containsExactly("A.class", "B.class", "c/");
    assertThatThrownBy(() -> read(three, more))
        .isInstanceOf(FileContentException.class)
        .hasMessage("it holds more than 3 entries");
  }

  @Test
  void refusesAnArchiveThatUnpacksToMoreThanItsLimitInAll() {
    ZipStreamReader.Limits oneMiB = new ZipStreamReader.Limits(100, 100, 1 << 20, 1 << 20);
    byte[] zip = jar(null, entries("a.bin", new byte[600 << 10], "b.bin", new byte[600 << 10]));

    assertThatThrownBy(() -> read(oneMiB, zip))
        .isInstanceOf(FileContentException.class)
        .hasMessage("it unpacks to more than 1 MiB: it looks like a zip bomb");
  }

  @Test
  void anEntryMayInflateAsMuchAsItLikesUpToTheFreeBytes() {
    byte[] zeros = jar(null, entries("zeros.bin", new byte[(1 << 20) - 1]));

    assertThat(read(DEFAULT, zeros)).containsExactly("zeros.bin");
  }

  @Test
  void acceptsTheMostEntriesWhoseCountNeedsZip64EndRecords() {
    // From 65,535 entries on, java.util.zip writes a zip64 end record and its locator.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.setLevel(Deflater.NO_COMPRESSION);
      for (int i = 0; i < DEFAULT.maxEntries(); i++) {
        zip.putNextEntry(new ZipEntry(Integer.toString(i, 36)));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] archive = bytes.toByteArray();

    assertThat(read(DEFAULT, archive)).hasSize(65_536);
    ZipStreamReader.Limits fewer = new ZipStreamReader.Limits(65_535, 100, 1 << 20, 2L << 30);
    assertThatThrownBy(() -> read(fewer, archive)).hasMessage("it holds more than 65535 entries");
  }

  @Test
  void readsZip64SizesAndOffsetsInHeadersAndDescriptors() throws IOException {
    byte[] archive = zip64Archive();
    // What the JDK reads of it, as Spark will.
    Path file = Files.write(folder.resolve("zip64.jar"), archive);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      assertThat(zip.stream().map(ZipEntry::getName)).containsExactly("A.class", "b.txt");
      assertThat(zip.getInputStream(zip.getEntry("b.txt")).readAllBytes())
          .isEqualTo(B_TXT.getBytes(StandardCharsets.UTF_8));
    }

    assertThat(read(DEFAULT, archive)).containsExactly("A.class", "b.txt");
    for (int piece = 1; piece < 8; piece++) {
      assertThat(readInPieces(archive, piece)).containsExactly("A.class", "b.txt");
    }
  }

  @Test
  void refusesALocatorHiddenJustBeforeTheEndRecord() {
    // java.util.zip looks for a zip64 locator in the 20 bytes before the end record; here they
    // are the last entry's comment in the central directory.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      ZipEntry entry = new ZipEntry("A.class");
      entry.setComment("PK\u0006\u0007" + "0".repeat(16));
      zip.putNextEntry(entry);
      zip.write(classBytes("A"));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    assertThatThrownBy(() -> read(DEFAULT, bytes.toByteArray()))
        .isInstanceOf(FileContentException.class)
        .hasMessage("its central directory hides a zip64 end locator");
  }

  @Test
  void describesLimitsInTheirLargestWholeUnit() {
    assertThat(ZipStreamReader.describeBytes(2L << 30)).isEqualTo("2 GiB");
    assertThat(ZipStreamReader.describeBytes(3L << 20)).isEqualTo("3 MiB");
    assertThat(ZipStreamReader.describeBytes(1000)).isEqualTo("1000 bytes");
  }

  @Test
  void finishingTwiceIsAMistake() {
    ZipStreamReader reader = new ZipStreamReader(DEFAULT, new Names(), FileContentException::new);
    assertThatThrownBy(reader::finish).isInstanceOf(FileContentException.class);
    assertThatThrownBy(reader::finish).isInstanceOf(IllegalStateException.class);
  }

  private static final String B_TXT = "hello, zip64\n".repeat(20);

  /**
   * A stored entry with its sizes in a zip64 extra field of its local header, a deflated one with
   * 8-byte sizes in its data descriptor, a central directory with zip64 sizes and offsets, then the
   * zip64 end record, its locator and an end record pointing to them.
   */
  private static byte[] zip64Archive() {
    ByteBuffer out = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    byte[] a = classBytes("A");
    byte[] aName = "A.class".getBytes(StandardCharsets.US_ASCII);
    byte[] b = B_TXT.getBytes(StandardCharsets.UTF_8);
    byte[] bName = "b.txt".getBytes(StandardCharsets.US_ASCII);
    byte[] bDeflated = deflate(b);

    int aOffset = out.position();
    out.putInt(0x04034b50).putShort((short) 45).putShort((short) 0).putShort((short) 0);
    out.putInt(0).putInt((int) crc(a)).putInt(-1).putInt(-1);
    out.putShort((short) aName.length).putShort((short) 20).put(aName);
    out.putShort((short) 1).putShort((short) 16).putLong(a.length).putLong(a.length);
    out.put(a);

    int bOffset = out.position();
    out.putInt(0x04034b50).putShort((short) 45).putShort((short) 8).putShort((short) 8);
    out.putInt(0).putInt(0).putInt(0).putInt(0);
    out.putShort((short) bName.length).putShort((short) 20).put(bName);
    out.putShort((short) 1).putShort((short) 16).putLong(0).putLong(0);
    out.put(bDeflated);
    out.putInt(0x08074b50).putInt((int) crc(b)).putLong(bDeflated.length).putLong(b.length);

    int central = out.position();
    centralHeader(out, 0, aName, crc(a), a.length, a.length, aOffset);
    centralHeader(out, 8, bName, crc(b), bDeflated.length, b.length, bOffset);
    int zip64End = out.position();
    out.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45);
    out.putInt(0).putInt(0).putLong(2).putLong(2);
    out.putLong(zip64End - central).putLong(central);
    out.putInt(0x07064b50).putInt(0).putLong(zip64End).putInt(1);
    out.putInt(0x06054b50).putShort((short) -1).putShort((short) -1);
    out.putShort((short) -1).putShort((short) -1).putInt(-1).putInt(-1).putShort((short) 0);
    byte[] archive = new byte[out.position()];
    out.flip().get(archive);
    return archive;
  }

  private static void centralHeader(
      ByteBuffer out, int method, byte[] name, long crc, long compressed, long size, long offset) {
    out.putInt(0x02014b50).putShort((short) 45).putShort((short) 45);
    out.putShort((short) (method == 8 ? 8 : 0)).putShort((short) method).putInt(0);
    out.putInt((int) crc).putInt(-1).putInt(-1);
    out.putShort((short) name.length).putShort((short) 28).putShort((short) 0);
    out.putShort((short) 0).putShort((short) 0).putInt(0).putInt(-1).put(name);
    out.putShort((short) 1).putShort((short) 24).putLong(size).putLong(compressed).putLong(offset);
  }

  private static byte[] deflate(byte[] bytes) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(bytes);
    deflater.finish();
    byte[] buffer = new byte[bytes.length + 64];
    int length = deflater.deflate(buffer);
    deflater.end();
    return Arrays.copyOf(buffer, length);
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  private static List<String> read(ZipStreamReader.Limits limits, byte[] archive) {
    Names names = new Names();
    ZipStreamReader reader = new ZipStreamReader(limits, names, FileContentException::new);
    reader.update(archive, 0, archive.length);
    reader.finish();
    return names.seen;
  }

  private static List<String> readInPieces(byte[] archive, int piece) {
    Names names = new Names();
    ZipStreamReader reader = new ZipStreamReader(DEFAULT, names, FileContentException::new);
    for (int at = 0; at < archive.length; at += piece) {
      reader.update(archive, at, Math.min(piece, archive.length - at));
    }
    reader.finish();
    return names.seen;
  }

  /** Remembers the names of the entries, in order. */
  private static final class Names implements ZipStreamReader.Listener {
    final List<String> seen = new ArrayList<>();

    @Override
    public boolean entryStarted(String name) {
      seen.add(name);
      return false;
    }

    @Override
    public void content(byte[] bytes, int offset, int length) {
      throw new AssertionError("content was not asked for");
    }
  }
}
