package io.bdpaas.samples.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.samples.flink.pi.PiEstimate;
import io.bdpaas.samples.flink.pi.Point;
import io.bdpaas.samples.flink.wordcount.Line;
import io.bdpaas.samples.flink.wordcount.Word;
import io.bdpaas.samples.flink.wordcount.WordTotal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The records the applications exchange are Flink POJOs, serialized without Kryo's fallback. */
class FlinkTypesTest {
  @ParameterizedTest
  @ValueSource(classes = {Line.class, Word.class, WordTotal.class, Point.class, PiEstimate.class})
  void recordsAreFlinkPojos(Class<?> type) {
    assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
  }
}
