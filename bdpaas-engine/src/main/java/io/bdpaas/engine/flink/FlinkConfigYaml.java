package io.bdpaas.engine.flink;

import java.util.Map;

/**
 * Writes Flink's {@code config.yaml} in its flat form ({@code key: value} per line). Strings are
 * double-quoted so paths, durations and sizes are never read as other YAML types.
 */
final class FlinkConfigYaml {
  private FlinkConfigYaml() {}

  static String render(Map<String, Object> config) {
    StringBuilder yaml =
        new StringBuilder("# Written by BDPaaS for this node; rewritten at every start.\n");
    config.forEach(
        (key, value) -> yaml.append(key).append(": ").append(scalar(value)).append('\n'));
    return yaml.toString();
  }

  private static String scalar(Object value) {
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    String text = String.valueOf(value);
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
