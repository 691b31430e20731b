package io.bdpaas.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
  @TempDir Path directory;

  @Test
  void readsTheLastLinesOfALargeFile() throws Exception {
    Path log = directory.resolve("big.log");
    Files.writeString(
        log,
        IntStream.rangeClosed(1, 20000)
            .mapToObj(i -> "line " + i)
            .collect(Collectors.joining("\n", "", "\n")));

    assertThat(LogTail.lastLines(log, 3)).containsExactly("line 19998", "line 19999", "line 20000");
  }

  @Test
  void handlesAMissingTrailingNewlineAndShortFiles() throws Exception {
    Path log = directory.resolve("short.log");
    Files.writeString(log, "first\nsecond\nthird");

    assertThat(LogTail.lastLines(log, 2)).containsExactly("second", "third");
    assertThat(LogTail.lastLines(log, 10)).containsExactly("first", "second", "third");
    assertThat(LogTail.lastLines(log, 0)).isEmpty();
  }

  @Test
  void aMissingFileHasNoLines() {
    assertThat(LogTail.lastLines(directory.resolve("none.log"), 5)).isEmpty();
  }
}
