package io.bdpaas.bench;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The demo word count every streaming project starts with (package {@code wordcount-demo},
 * application {@code wordcount}), as the streaming benchmarks launch it through the platform.
 */
final class WordCountDemo {
  static final String PACKAGE = "wordcount-demo";
  static final String APPLICATION = "wordcount";

  private WordCountDemo() {}

  /**
   * {@code POST /api/v1/projects/{p}/applications} at {@code rate} lines per second (0:
   * unthrottled): the application as the platform answers (state {@code launching}, with its {@code
   * id}, {@code flinkJobId} and {@code settings}).
   */
  static JsonNode launch(Api tenant, String projectPath, String rate) {
    return tenant.post(
        projectPath + "/applications",
        Map.of(
            "packageName", PACKAGE, "application", APPLICATION, "properties", Map.of("rate", rate)),
        202);
  }
}
