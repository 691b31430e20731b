package io.bdpaas.backend.local;

import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.NodeId;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The content of a node's pid file: which process runs the node, when it started (to tell a
 * recycled pid apart) and how often it was restarted so far. Written atomically, so a reader never
 * sees half a file.
 */
record PidFile(NodeId id, long pid, Optional<Instant> processStart, int restarts) {
  static final String FILE_NAME = "node.pid";

  PidFile {
    requireNonNull(id, "id is null");
    if (pid <= 0) {
      throw new IllegalArgumentException("pid must be positive: " + pid);
    }
    requireNonNull(processStart, "processStart is null");
  }

  void write(Path file) {
    Properties properties = new Properties();
    properties.setProperty("node", id.toString());
    properties.setProperty("pid", Long.toString(pid));
    processStart.ifPresent(start -> properties.setProperty("processStart", start.toString()));
    properties.setProperty("restarts", Integer.toString(restarts));
    StringBuilder text = new StringBuilder();
    properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    try {
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      try {
        Files.move(
            temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pid file " + file, e);
    }
  }

  /**
   * Reads a pid file; empty when it does not exist or cannot be understood (it is then stale by
   * definition).
   */
  static Optional<PidFile> read(Path file) {
    try {
      Properties properties = new Properties();
      properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
      NodeId id = NodeId.parse(properties.getProperty("node", ""));
      long pid = Long.parseLong(properties.getProperty("pid", ""));
      Optional<Instant> start =
          Optional.ofNullable(properties.getProperty("processStart")).map(Instant::parse);
      int restarts = Integer.parseInt(properties.getProperty("restarts", "0"));
      return Optional.of(new PidFile(id, pid, start, restarts));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
