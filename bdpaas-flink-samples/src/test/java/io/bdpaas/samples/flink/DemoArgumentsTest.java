package io.bdpaas.samples.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoArgumentsTest {
  @Test
  void propertiesArePassedAsKeyValueArguments() {
    assertThat(WordCountDemo.Options.from(new String[] {"--rate", "0", "--lines", "1000"}))
        .isEqualTo(new WordCountDemo.Options(0, 1_000));
    assertThat(PiDemo.Options.from(new String[] {"--rate", "2.5", "--emitEvery", "7"}))
        .isEqualTo(new PiDemo.Options(2.5, 7));
  }

  @Test
  void missingPropertiesTakeTheirDefaults() {
    assertThat(WordCountDemo.Options.from(new String[0]))
        .isEqualTo(new WordCountDemo.Options(WordCountDemo.DEFAULT_RATE, 0));
    assertThat(PiDemo.Options.from(new String[0]))
        .isEqualTo(new PiDemo.Options(PiDemo.DEFAULT_RATE, PiDemo.DEFAULT_EMIT_EVERY));
  }

  @Test
  void badValuesAreRejectedNamingTheProperty() {
    assertThatThrownBy(() -> WordCountDemo.Options.from(new String[] {"--rate", "-1"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Property 'rate' must be a number of at least 0, not '-1'");
    assertThatThrownBy(() -> WordCountDemo.Options.from(new String[] {"--rate", "NaN"}))
        .hasMessageContaining("'rate'");
    assertThatThrownBy(() -> WordCountDemo.Options.from(new String[] {"--lines", "many"}))
        .hasMessage("Property 'lines' must be a whole number, not 'many'");
    assertThatThrownBy(() -> PiDemo.Options.from(new String[] {"--emitEvery", "0"}))
        .hasMessage(
            "Property 'emitEvery' must be a whole number from 1 to 9223372036854775807, not '0'");
  }
}
