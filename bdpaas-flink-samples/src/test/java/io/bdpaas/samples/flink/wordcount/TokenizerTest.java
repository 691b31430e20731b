package io.bdpaas.samples.flink.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

/** The tokenizer's logic, called directly (its state and gauge need a running task). */
class TokenizerTest {
  @Test
  void splitsLinesIntoWordsCarryingTheGenerationTime() {
    Tokenizer tokenizer = new Tokenizer();
    List<Word> words = new ArrayList<>();

    tokenizer.flatMap(new Line("kilo alpha kilo", 42), new ListCollector<>(words));

    assertThat(words)
        .containsExactly(new Word("kilo", 42), new Word("alpha", 42), new Word("kilo", 42));
  }

  @Test
  void countsTheLinesThatHadWords() {
    Tokenizer tokenizer = new Tokenizer();
    SentenceGenerator generator = new SentenceGenerator(10);
    List<Word> words = new ArrayList<>();

    for (long index = 0; index < 25; index++) {
      tokenizer.flatMap(generator.map(index), new ListCollector<>(words));
    }

    assertThat(tokenizer.linesWithWords()).isEqualTo(10);
    assertThat(words).hasSize(50);
  }
}
