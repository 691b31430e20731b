package io.bdpaas.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.api.Problem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OptionsDocumentTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static OptionsDocument seed() {
    Map<String, Object> required = new LinkedHashMap<>();
    required.put("slaves.number", 4);
    required.put("cluster.secret", null);
    return new OptionsDocument(
        required,
        Map.of("slaves.cpu", 2, "slaves.ratio", 0.5, "slaves.ssd", false),
        Map.of("datanode.heap", 1024, "datanode.name", "dn"),
        Map.of("slaves.number", "Number of slave nodes"));
  }

  @Test
  void userValuesWinOverDefaults() {
    OptionsDocument.Merged merged =
        seed()
            .merge(
                JSON.readTree("{\"slaves.number\":2,\"cluster.secret\":\"s3\",\"slaves.ratio\":1}"),
                "options");

    assertThat(merged.problems()).isEmpty();
    assertThat(merged.values())
        .containsEntry("slaves.number", 2)
        .containsEntry("cluster.secret", "s3")
        .containsEntry("slaves.ratio", 1.0)
        .containsEntry("slaves.cpu", 2)
        .containsEntry("datanode.heap", 1024);
  }

  @Test
  void reportsUnknownWrongTypedAndMissingOptionsTogether() {
    OptionsDocument.Merged merged =
        seed()
            .merge(
                JSON.readTree(
                    "{\"slaves.cpu\":\"two\",\"slaves.ssd\":1,\"datanode.name\":7,\"slaves.number\":1.5,\"bogus\":1}"),
                "options");

    assertThat(merged.problems())
        .containsExactlyInAnyOrder(
            Problem.of("options.slaves.cpu", "must be a whole number"),
            Problem.of("options.slaves.ssd", "must be true or false"),
            Problem.of("options.datanode.name", "must be a string"),
            Problem.of("options.slaves.number", "must be a whole number"),
            Problem.of("options.bogus", "unknown option"),
            Problem.of("options.cluster.secret", "is required"));
  }

  @Test
  void checksTheDocumentItself() {
    OptionsDocument document =
        new OptionsDocument(
            Map.of("a", 1),
            Map.of("a", 2, "Bad", 1),
            Map.of(),
            Map.of("ghost", "describes nothing"));

    assertThat(document.check())
        .extracting(Problem::field)
        .containsExactlyInAnyOrder("optional.a", "optional.Bad", "descriptions.ghost");
    assertThat(seed().check()).isEmpty();
  }
}
