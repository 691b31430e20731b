package io.bdpaas.backend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Jars and zip archives built in memory, written by the JDK's own zip writers. */
public final class TestingJars {
  private TestingJars() {}

  /** A class file's worth of bytes: the magic, then something. */
  public static byte[] classBytes(String name) {
    byte[] text = name.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[4 + text.length];
    bytes[0] = (byte) 0xCA;
    bytes[1] = (byte) 0xFE;
    bytes[2] = (byte) 0xBA;
    bytes[3] = (byte) 0xBE;
    System.arraycopy(text, 0, bytes, 4, text.length);
    return bytes;
  }

  /** Entries by name, in the order given. */
  public static Map<String, byte[]> entries(Object... namesAndContents) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < namesAndContents.length; i += 2) {
      entries.put((String) namesAndContents[i], (byte[]) namesAndContents[i + 1]);
    }
    return entries;
  }

  /** A manifest naming {@code mainClass}. */
  public static Manifest manifest(String mainClass) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    return manifest;
  }

  /**
   * A jar as {@link JarOutputStream} writes it: deflated entries, each followed by a data
   * descriptor; with the manifest (and its folder) first when there is one.
   */
  public static byte[] jar(Manifest manifest, Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar =
        manifest == null ? new JarOutputStream(bytes) : new JarOutputStream(bytes, manifest)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        jar.putNextEntry(new ZipEntry(entry.getKey()));
        jar.write(entry.getValue());
        jar.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A zip archive of stored (uncompressed) entries, their sizes in their local headers. */
  public static byte[] storedZip(Map<String, byte[]> entries) {
    return storedZip(entries, null);
  }

  /** The same, with an archive comment. */
  public static byte[] storedZip(Map<String, byte[]> entries, String comment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.setMethod(ZipOutputStream.STORED);
      zip.setComment(comment);
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        zip.putNextEntry(storedEntry(entry.getKey(), entry.getValue()));
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A jar whose entry {@code name} is {@code size} zero bytes, deflated as they are produced: a zip
   * bomb of about a thousandth of that size, made without holding the zeros.
   */
  public static byte[] zeros(String name, long size) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes)) {
      jar.putNextEntry(new ZipEntry("Main.class"));
      jar.write(classBytes("Main"));
      jar.putNextEntry(new ZipEntry(name));
      writeZeros(jar, size);
      jar.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeZeros(OutputStream out, long size) throws IOException {
    byte[] zeros = new byte[1 << 20];
    for (long left = size; left > 0; left -= zeros.length) {
      out.write(zeros, 0, (int) Math.min(zeros.length, left));
    }
  }

  private static ZipEntry storedEntry(String name, byte[] content) {
    ZipEntry entry = new ZipEntry(name);
    CRC32 crc = new CRC32();
    crc.update(content);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(content.length);
    entry.setCompressedSize(content.length);
    entry.setCrc(crc.getValue());
    return entry;
  }

  /** Where the first record with {@code signature} starts at or after {@code from}; -1 if none. */
  public static int indexOf(byte[] archive, int signature, int from) {
    for (int i = from; i + 4 <= archive.length; i++) {
      int value =
          (archive[i] & 0xff)
              | (archive[i + 1] & 0xff) << 8
              | (archive[i + 2] & 0xff) << 16
              | (archive[i + 3] & 0xff) << 24;
      if (value == signature) {
        return i;
      }
    }
    return -1;
  }
}
