package io.bdpaas.engine.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.engine.flink.FlinkLogLevels.Level;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class FlinkLogLevelsTest {
  private static final String NODE_CONFIGURATION =
      """
      monitorInterval = 10
      rootLogger.level = INFO
      rootLogger.appenderRef.file.ref = MainAppender
      logger.pekko.name = org.apache.pekko
      logger.pekko.level = INFO
      logger.hadoop.name = org.apache.hadoop
      logger.hadoop.level = WARN
      """;

  @Test
  void aNewLoggerGetsItsOwnEntryAndTheConfigurationStaysAsItWas() throws IOException {
    String written =
        new FlinkLogLevels(Map.of("io.bdpaas.samples", Level.DEBUG)).applyTo(NODE_CONFIGURATION);

    assertThat(written).startsWith(NODE_CONFIGURATION);
    Properties properties = load(written);
    assertThat(properties.getProperty("logger.bdpaas_level_0.name")).isEqualTo("io.bdpaas.samples");
    assertThat(properties.getProperty("logger.bdpaas_level_0.level")).isEqualTo("DEBUG");
    assertThat(properties.getProperty("logger.pekko.level")).isEqualTo("INFO");
    assertThat(properties.getProperty("rootLogger.level")).isEqualTo("INFO");
    assertThat(properties.getProperty("monitorInterval")).isEqualTo("10");
  }

  @Test
  void aLoggerTheConfigurationNamesAndTheRootGetTheirLevelsReplaced() throws IOException {
    Properties properties =
        load(
            new FlinkLogLevels(
                    Map.of("org.apache.hadoop", Level.TRACE, FlinkLogLevels.ROOT, Level.WARN))
                .applyTo(NODE_CONFIGURATION));

    assertThat(properties.getProperty("logger.hadoop.level")).isEqualTo("TRACE");
    assertThat(properties.getProperty("rootLogger.level")).isEqualTo("WARN");
    assertThat(properties.stringPropertyNames()).noneMatch(key -> key.contains("bdpaas_level"));
  }

  @Test
  void noLevelsLeaveTheConfigurationUnchanged() {
    assertThat(FlinkLogLevels.NONE.applyTo(NODE_CONFIGURATION)).isEqualTo(NODE_CONFIGURATION);
  }

  @Test
  void whereTwoSetsNameOneLoggerTheMoreVerboseLevelWins() {
    FlinkLogLevels first =
        new FlinkLogLevels(Map.of("a.b", Level.WARN, "c", Level.DEBUG, "d", Level.OFF));
    FlinkLogLevels second = new FlinkLogLevels(Map.of("a.b", Level.TRACE, "c", Level.ERROR));

    assertThat(first.with(second).levels())
        .containsExactly(
            Map.entry("a.b", Level.TRACE), Map.entry("c", Level.DEBUG), Map.entry("d", Level.OFF));
    assertThat(second.with(first)).isEqualTo(first.with(second));
  }

  @Test
  void aLoggerNameCannotCarryAnythingElseIntoTheFile() {
    assertThat(FlinkLogLevels.problemWithLogger("org.apache.flink")).isEmpty();
    assertThat(FlinkLogLevels.problemWithLogger("root")).isEmpty();
    assertThat(FlinkLogLevels.problemWithLogger("Outer$Inner.my-logger_2")).isEmpty();
    for (String hostile :
        new String[] {
          "a\nrootLogger.level = OFF", "a = b", "a..b", ".a", "a.", "a b", "", " ", "x".repeat(201)
        }) {
      assertThat(FlinkLogLevels.problemWithLogger(hostile)).as(hostile).isPresent();
      assertThatThrownBy(() -> new FlinkLogLevels(Map.of(hostile, Level.DEBUG)))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(FlinkLogLevels.problemWithLogger(null)).isPresent();
  }

  @Test
  void levelsAreReadInAnyCase() {
    assertThat(Level.parse("debug")).contains(Level.DEBUG);
    assertThat(Level.parse(" Warn ")).contains(Level.WARN);
    assertThat(Level.parse("VERBOSE")).isEmpty();
    assertThat(Level.parse(null)).isEmpty();
  }

  private static Properties load(String text) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(text));
    return properties;
  }
}
