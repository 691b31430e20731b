package io.bdpaas.samples.flink.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SentenceGeneratorTest {
  @Test
  void theSameIndexGivesTheSameWords() {
    SentenceGenerator generator = new SentenceGenerator(0);
    SentenceGenerator another = new SentenceGenerator(0);

    for (long index : new long[] {0, 1, 2, 41, 1_000_003, Long.MAX_VALUE / 2, Long.MAX_VALUE - 1}) {
      assertThat(generator.map(index).text()).isEqualTo(another.map(index).text());
      assertThat(generator.text(index)).isEqualTo(String.join(" ", SentenceGenerator.words(index)));
    }
    assertThat(SentenceGenerator.words(7)).isNotEqualTo(SentenceGenerator.words(8));
  }

  @Test
  void everyLineHasFiveWordsOfTheVocabulary() {
    assertThat(SentenceGenerator.VOCABULARY)
        .hasSize(SentenceGenerator.VOCABULARY_SIZE)
        .doesNotHaveDuplicates();
    Set<String> seen = new HashSet<>();
    for (long index = 0; index < 10_000; index++) {
      assertThat(SentenceGenerator.words(index))
          .hasSize(SentenceGenerator.WORDS_PER_LINE)
          .isSubsetOf(SentenceGenerator.VOCABULARY);
      seen.addAll(SentenceGenerator.words(index));
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(SentenceGenerator.VOCABULARY);
  }

  @Test
  void linesFromTheLimitOnAreEmpty() {
    SentenceGenerator generator = new SentenceGenerator(1_000);

    assertThat(generator.text(999).split(" ")).hasSize(5);
    assertThat(generator.text(1_000)).isEmpty();
    assertThat(generator.text(Long.MAX_VALUE - 1)).isEmpty();
    long words =
        LongStream.range(0, 3_000)
            .mapToObj(generator::text)
            .filter(text -> !text.isEmpty())
            .mapToLong(text -> text.split(" ").length)
            .sum();
    assertThat(words).isEqualTo(5 * 1_000);
  }

  @Test
  void linesCarryTheirGenerationTime() {
    long before = System.currentTimeMillis();
    Line line = new SentenceGenerator(0).map(3L);

    assertThat(line.generatedAtMillis()).isBetween(before, System.currentTimeMillis());
  }
}
