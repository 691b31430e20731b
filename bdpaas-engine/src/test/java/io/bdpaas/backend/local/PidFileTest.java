package io.bdpaas.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.backend.NodeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
  @TempDir Path directory;

  @Test
  void roundTrips() {
    Path file = directory.resolve("node.pid");
    PidFile written =
        new PidFile(
            new NodeId("c", "n"), 4242, Optional.of(Instant.parse("2026-11-22T10:00:00.120Z")), 3);
    written.write(file);

    assertThat(PidFile.read(file)).contains(written);
  }

  @Test
  void aGarbledOrMissingFileReadsAsNothing() throws Exception {
    Path file = directory.resolve("node.pid");
    assertThat(PidFile.read(file)).isEmpty();

    Files.writeString(file, "pid=not-a-number\n");
    assertThat(PidFile.read(file)).isEmpty();
  }
}
