package io.bdpaas.backend;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Checks, as an upload streams past, that a file holds what its {@link StorageFileName.Kind} says:
 * UTF-8 text without NUL bytes for CSV, JSON and text, Parquet's {@code PAR1} magic at both ends
 * for Parquet. It keeps a few bytes, never the file, and fails at the first bad byte so that a
 * wrong upload is stopped early.
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
    };
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
    return new FileContentException(
        name + " is not a " + name.kind().extension() + " file: " + why);
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
}
