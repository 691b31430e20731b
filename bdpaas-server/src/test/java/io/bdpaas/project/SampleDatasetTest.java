package io.bdpaas.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.backend.FileContentCheck;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
