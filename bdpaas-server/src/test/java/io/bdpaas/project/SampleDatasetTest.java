package io.bdpaas.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.backend.FileContentCheck;
import io.bdpaas.backend.StorageFileName;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.StorageUnavailableException;
import io.bdpaas.backend.StoredFile;
import io.bdpaas.backend.local.LocalStorageFiles;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDatasetTest {
  @Test
  void theSampleIsASmallCsvThatIsTheSameEveryTime() {
    byte[] content = SampleDataset.content();

    assertThat(content).isEqualTo(SampleDataset.content());
    assertThat(content.length).isBetween(10_000, 50 * 1024);
    List<String> lines = new String(content, StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(SampleDataset.ROWS + 1);
    assertThat(lines.get(0)).isEqualTo("date,region,product,units,unit_price");
    assertThat(lines.subList(1, lines.size()))
        .allMatch(
            line ->
                line.matches(
                    "2024-0[1-3]-\\d\\d,(North|South|East|West),[A-Za-z]+,\\d+,\\d+\\.\\d\\d"));
    FileContentCheck check = FileContentCheck.forName(SampleDataset.FILE);
    check.update(content, 0, content.length);
    check.finish();
  }

  @Test
  void aStorageThatCannotBeReachedYetGetsTheSampleOnceItAnswers(@TempDir Path storage)
      throws Exception {
    java.nio.file.Files.createDirectories(
        storage.resolve("p-sales").resolve(LocalStorageFiles.FOLDER));
    StorageFiles local = LocalStorageFiles.of(storage, "p-sales");
    AtomicInteger refusals = new AtomicInteger(2);
    Supplier<StorageFiles> starting =
        () -> {
          if (refusals.getAndDecrement() > 0) {
            return new Unreachable();
          }
          return local;
        };
    SampleDataset sample = new SampleDataset(null, Duration.ofMillis(20));
    try {
      sample.addTo(new ProjectId("p-12345678"), () -> {}, starting);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> local.list().stream().anyMatch(f -> f.name().equals(SampleDataset.FILE)));
      try (StorageFiles.OpenFile file = local.open(SampleDataset.FILE).orElseThrow()) {
        assertThat(file.content().readAllBytes()).isEqualTo(SampleDataset.content());
      }
    } finally {
      sample.destroy();
    }
  }

  /** A storage whose file service does not answer yet. */
  private static final class Unreachable implements StorageFiles {
    @Override
    public List<StoredFile> list() {
      throw new StorageUnavailableException("not yet");
    }

    @Override
    public StoredFile write(StorageFileName name, InputStream content, long maxBytes) {
      throw new StorageUnavailableException("not yet");
    }

    @Override
    public Optional<OpenFile> open(StorageFileName name) {
      throw new StorageUnavailableException("not yet");
    }

    @Override
    public boolean delete(StorageFileName name) {
      throw new StorageUnavailableException("not yet");
    }

    @Override
    public long usedBytes() {
      throw new StorageUnavailableException("not yet");
    }

    @Override
    public String location(StorageFileName name) {
      return "/nowhere/" + name.value();
    }
  }
}
