package io.bdpaas.samples.flink.wordcount;

import java.util.List;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Line {@code i} of the stream: {@value #WORDS_PER_LINE} words of a {@value #VOCABULARY_SIZE}-word
 * vocabulary picked by a pure function of {@code i}, so a replay after a failure generates the same
 * words again. Lines from index {@code lines} on are empty when {@code lines} is positive.
 */
public final class SentenceGenerator implements GeneratorFunction<Long, Line> {
  public static final int WORDS_PER_LINE = 5;
  public static final List<String> VOCABULARY =
      List.of(
          "alpha",
          "bravo",
          "charlie",
          "delta",
          "echo",
          "foxtrot",
          "golf",
          "hotel",
          "india",
          "juliett",
          "kilo",
          "lima",
          "mike",
          "november",
          "oscar",
          "papa");
  static final int VOCABULARY_SIZE = 16;

  private final long lines;

  /**
   * @param lines how many lines have words, or 0 for all of them
   */
  public SentenceGenerator(long lines) {
    if (lines < 0) {
      throw new IllegalArgumentException("lines must be at least 0: " + lines);
    }
    this.lines = lines;
  }

  @Override
  public Line map(Long index) {
    return new Line(text(index), System.currentTimeMillis());
  }

  /** Line {@code index}'s words separated by single spaces, or empty past the limit. */
  public String text(long index) {
    if (lines > 0 && index >= lines) {
      return "";
    }
    return String.join(" ", words(index));
  }

  /** The words of line {@code index}, ignoring any limit. */
  public static List<String> words(long index) {
    String[] words = new String[WORDS_PER_LINE];
    for (int position = 0; position < WORDS_PER_LINE; position++) {
      long hash = mix(index * WORDS_PER_LINE + position);
      words[position] = VOCABULARY.get((int) (hash >>> 60));
    }
    return List.of(words);
  }

  /** SplitMix64's finalizer: every bit of the input affects every bit of the output. */
  private static long mix(long value) {
    long z = value + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
