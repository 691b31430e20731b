package io.bdpaas.backend;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * Checks, as an upload streams past, that a file holds what its {@link StorageFileName.Kind} says:
 * UTF-8 text without NUL bytes for CSV, JSON and text, Parquet's {@code PAR1} magic at both ends
 * for Parquet, a real and safe zip archive holding classes for a jar ({@link Jar}). It keeps a few
 * bytes, never the file, and fails at the first bad byte so that a wrong upload is stopped early. A
 * check is fed once, by one thread.
 */
public abstract sealed class FileContentCheck {
  private final StorageFileName name;

  private FileContentCheck(StorageFileName name) {
    this.name = name;
  }

  /** The check for the kind of file {@code name} is. */
  public static FileContentCheck forName(StorageFileName name) {
    return switch (name.kind()) {
      case CSV, JSON, TEXT -> new Utf8Text(name);
      case PARQUET -> new Parquet(name);
      case JAR -> new Jar(name);
    };
  }

  /**
   * The check of a jar, whose findings ({@link Jar#mainClass()}, {@link Jar#classCount()}) can be
   * read once it has {@linkplain #finish() finished}; the same as {@code forName} gives for a
   * {@code .jar} name.
   *
   * @throws IllegalArgumentException when {@code name} is not a jar's
   */
  public static Jar jar(StorageFileName name) {
    if (name.kind() != StorageFileName.Kind.JAR) {
      throw new IllegalArgumentException("not the name of a jar: " + name);
    }
    return new Jar(name);
  }

  /**
   * Takes the next bytes of the file.
   *
   * @throws FileContentException when they cannot belong to such a file
   */
  public abstract void update(byte[] bytes, int offset, int length);

  /**
   * The file ended.
   *
   * @throws FileContentException when what came is not such a file
   */
  public abstract void finish();

  FileContentException refused(String why) {
    return new FileContentException(name + " is not " + expected() + ": " + why);
  }

  /** What the file should be, as a message says it: "a csv file". */
  String expected() {
    return "a " + name.kind().extension() + " file";
  }

  private static final class Utf8Text extends FileContentCheck {
    private static final int CHUNK = 8192;

    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    // Room for one chunk and the few bytes of a character split across two.
    private final ByteBuffer pending = ByteBuffer.allocate(CHUNK + 8);
    private final CharBuffer decoded = CharBuffer.allocate(CHUNK + 8);
    private long position;

    Utf8Text(StorageFileName name) {
      super(name);
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
      for (int start = offset; start < offset + length; start += CHUNK) {
        int size = Math.min(CHUNK, offset + length - start);
        for (int i = start; i < start + size; i++) {
          if (bytes[i] == 0) {
            throw refused("it holds a NUL byte at offset " + (position + i - offset));
          }
        }
        pending.put(bytes, start, size);
        decode(false);
      }
      position += length;
    }

    @Override
    public void finish() {
      decode(true);
      decoded.clear();
      if (decoder.flush(decoded).isError()) {
        throw refused("it is not UTF-8 text");
      }
    }

    private void decode(boolean endOfInput) {
      pending.flip();
      while (true) {
        CoderResult result = decoder.decode(pending, decoded, endOfInput);
        decoded.clear();
        if (result.isError()) {
          throw refused("it is not UTF-8 text (near offset " + position + ")");
        }
        if (result.isUnderflow()) {
          break;
        }
      }
      pending.compact();
    }
  }

  private static final class Parquet extends FileContentCheck {
    private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

    private final byte[] head = new byte[MAGIC.length];
    private final byte[] tail = new byte[MAGIC.length];
    private long size;

    Parquet(StorageFileName name) {
      super(name);
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        if (size < MAGIC.length) {
          head[(int) size] = bytes[i];
          if (bytes[i] != MAGIC[(int) size]) {
            throw refused("it does not start with PAR1");
          }
        }
        size++;
      }
      // The last four bytes seen so far.
      int kept = Math.min(length, tail.length);
      System.arraycopy(tail, kept, tail, 0, tail.length - kept);
      System.arraycopy(bytes, offset + length - kept, tail, tail.length - kept, kept);
    }

    @Override
    public void finish() {
      // Magic, at least a footer length, magic.
      if (size < 2L * MAGIC.length + 4 || !Arrays.equals(head, MAGIC)) {
        throw refused("it is too short to be Parquet");
      }
      if (!Arrays.equals(tail, MAGIC)) {
        throw refused("it does not end with PAR1");
      }
    }
  }

  /**
   * A jar: a zip archive holding at least one class, read entry by entry as it streams (see {@link
   * ZipStreamReader}). Refused are anything that is not a whole zip archive, entry names that could
   * be unpacked outside their folder (zip slip), encrypted entries, compression methods other than
   * stored and deflated, more than 65,536 entries, and zip bombs: an entry inflating to more than
   * 100 times its compressed size and more than 1 MiB, or more than 2 GiB unpacked in all.
   *
   * <p>Memory stays bounded (the manifest, at most {@value #MAX_MANIFEST_BYTES} bytes, is the only
   * content kept) and so does time: inflation stops at 100 times the compressed bytes received
   * (plus 1 MiB per entry) and at 2 GiB, so checking costs at most the upload size limit times that
   * ratio in inflated bytes.
   *
   * <p>Once {@link #finish()} has accepted the jar, {@link #mainClass()} and {@link #classCount()}
   * tell what it holds. Get one from {@link FileContentCheck#jar(StorageFileName)}.
   */
  public static final class Jar extends FileContentCheck {
    /**
     * Where a jar's manifest is; found whatever its case, as {@link java.util.jar.JarFile} does.
     */
    public static final String MANIFEST = "META-INF/MANIFEST.MF";

    public static final int MAX_MANIFEST_BYTES = 64 * 1024;

    private final ZipStreamReader archive;
    private ByteArrayOutputStream manifest;
    private int classCount;
    private Optional<String> mainClass;

    private Jar(StorageFileName name) {
      super(name);
      this.archive =
          new ZipStreamReader(ZipStreamReader.Limits.DEFAULT, new Entries(), this::refused);
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
      archive.update(bytes, offset, length);
    }

    @Override
    public void finish() {
      archive.finish();
      if (classCount == 0) {
        throw refused("it holds no classes");
      }
      mainClass = manifest == null ? Optional.empty() : mainClassOf(manifest.toByteArray());
    }

    /** The {@code Main-Class} its manifest names, if any. */
    public Optional<String> mainClass() {
      requireFinished();
      return mainClass;
    }

    /** How many {@code .class} entries it holds (at least one). */
    public int classCount() {
      requireFinished();
      return classCount;
    }

    @Override
    String expected() {
      return "a jar";
    }

    private Optional<String> mainClassOf(byte[] bytes) {
      try {
        String value =
            new Manifest(new ByteArrayInputStream(bytes))
                .getMainAttributes()
                .getValue(Attributes.Name.MAIN_CLASS);
        return Optional.ofNullable(value).map(String::strip).filter(main -> !main.isEmpty());
      } catch (IOException | IllegalArgumentException e) {
        throw refused("its manifest cannot be read (" + e.getMessage() + ")");
      }
    }

    private void requireFinished() {
      if (mainClass == null) {
        throw new IllegalStateException("the jar has not been accepted (yet)");
      }
    }

    /** Counts the classes and keeps the manifest as the entries go by. */
    private final class Entries implements ZipStreamReader.Listener {
      @Override
      public boolean entryStarted(String entry) {
        if (entry.equalsIgnoreCase(MANIFEST)) {
          if (manifest != null) {
            throw refused("it holds two manifests");
          }
          manifest = new ByteArrayOutputStream();
          return true;
        }
        if (entry.endsWith(".class")) {
          classCount++;
        }
        return false;
      }

      @Override
      public void content(byte[] bytes, int offset, int length) {
        if (manifest.size() + length > MAX_MANIFEST_BYTES) {
          throw refused("its manifest is larger than " + MAX_MANIFEST_BYTES + " bytes");
        }
        manifest.write(bytes, offset, length);
      }
    }
  }
}
