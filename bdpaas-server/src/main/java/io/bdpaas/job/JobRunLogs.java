package io.bdpaas.job;

import io.bdpaas.engine.spark.SparkWorkerLogs;
import io.bdpaas.settings.BdpaasSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The platform's copy of each run's driver output ({@code <data>/job-logs/<run>/stdout|stderr}),
 * appended while the run goes and kept after it ends and after its project's cluster is stopped or
 * deleted. Each stream keeps at most {@link #MAX_BYTES}; what comes after is counted, not kept.
 */
@Component
public class JobRunLogs {
  /** The most kept of each stream of a run. */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  private final Path root;

  @Autowired
  public JobRunLogs(BdpaasSettings settings) {
    this(settings.dataDir().resolve("job-logs"));
  }

  JobRunLogs(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** A range of a kept log. */
  public record Chunk(String text, long offset, long next, long size) {}

  /** Bytes kept so far of the stream: where copying from the engine goes on. */
  public long size(JobRunId run, SparkWorkerLogs.Stream stream) {
    try {
      return Files.size(file(run, stream));
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure the log of " + run, e);
    }
  }

  /** Appends text of the stream; false once the stream is full (nothing more is kept). */
  public boolean append(JobRunId run, SparkWorkerLogs.Stream stream, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      Path directory = root.resolve(run.value());
      Files.createDirectories(root);
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
      Files.createDirectories(directory);
      try (FileChannel out =
          FileChannel.open(
              file(run, stream),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        long room = MAX_BYTES - out.size();
        if (room <= 0) {
          return false;
        }
        out.write(ByteBuffer.wrap(bytes, 0, (int) Math.min(room, bytes.length)));
        return room > bytes.length;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the log of " + run, e);
    }
  }

  /** Up to {@code max} bytes from {@code offset} (fewer at the end, and at a character's start). */
  public Chunk read(JobRunId run, SparkWorkerLogs.Stream stream, long offset, int max) {
    Path file = file(run, stream);
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = in.size();
      long start = Math.min(Math.max(0, offset), size);
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(max, size - start));
      while (buffer.hasRemaining() && in.read(buffer, start + buffer.position()) > 0) {
        // read on
      }
      buffer.flip();
      int length = wholeCharacters(buffer);
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)
              .decode(buffer.limit(length))
              .toString();
      return new Chunk(text, start, start + length, size);
    } catch (NoSuchFileException e) {
      return new Chunk("", 0, 0, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of " + run, e);
    }
  }

  /** The whole kept stream, for download. */
  public Optional<InputStream> open(JobRunId run, SparkWorkerLogs.Stream stream) {
    try {
      return Optional.of(Files.newInputStream(file(run, stream)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of " + run, e);
    }
  }

  /** Deletes a run's logs. */
  public void delete(JobRunId run) {
    Path directory = root.resolve(run.value());
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the logs of " + run, e);
    }
  }

  private Path file(JobRunId run, SparkWorkerLogs.Stream stream) {
    // Run ids are checked by their type: letters, digits and one '-'.
    return root.resolve(run.value()).resolve(stream.name().toLowerCase(Locale.ROOT));
  }

  /** How many of the buffer's bytes end at a character's end (a range may cut one in two). */
  private static int wholeCharacters(ByteBuffer buffer) {
    int end = buffer.limit();
    int back = 0;
    while (back < 3 && end - back - 1 >= 0 && (buffer.get(end - back - 1) & 0xC0) == 0x80) {
      back++;
    }
    if (end - back - 1 < 0) {
      return end;
    }
    int lead = buffer.get(end - back - 1) & 0xFF;
    int needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    return needed > back ? end - back - 1 : end;
  }
}
