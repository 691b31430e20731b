package io.bdpaas.samples;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the words of a text or CSV file. Usage: {@code WordCount <file> [top]}, the file a path or
 * a {@code file:} URI. A word is a run of letters and digits, lower-cased: spaces, punctuation and
 * CSV separators end words. Prints the {@code top} most frequent words (1 to 10,000, default 20) as
 * {@code word<TAB>count} lines, most frequent first and ties by word, then {@code distinct words:
 * N}.
 */
public final class WordCount {
  static final String USAGE =
      "WordCount <file> [top]   (file: a path or file: URI; top: 1 to 10000, default 20)";
  static final int DEFAULT_TOP = 20;
  static final int MAX_TOP = 10_000;
  private static final Pattern NOT_IN_WORDS = Pattern.compile("[^\\p{L}\\p{Nd}]+");

  /** The file to read and how many of its words to print. */
  record Request(String file, int top) {}

  private WordCount() {}

  public static void main(String[] args) {
    Request request = Arguments.orExit(() -> request(args), USAGE);
    SparkSession spark = SparkSession.builder().appName("WordCount").getOrCreate();
    try {
      requireFile(spark, request.file());
      Dataset<Row> counts = count(spark.read().textFile(request.file())).cache();
      List<Row> top =
          counts.orderBy(col("count").desc(), col("word")).limit(request.top()).collectAsList();
      for (Row row : top) {
        System.out.println(row.getString(0) + "\t" + row.getLong(1));
      }
      System.out.println("distinct words: " + counts.count());
    } finally {
      spark.stop();
    }
  }

  static Request request(String[] args) {
    Arguments.atMost(args, 2);
    String file = Arguments.required(args, 0, "file");
    return new Request(file, Arguments.wholeNumber(args, 1, "top", DEFAULT_TOP, 1, MAX_TOP));
  }

  /** Each word of {@code lines} with its count, as columns {@code word} and {@code count}. */
  static Dataset<Row> count(Dataset<String> lines) {
    return lines
        .flatMap(
            (FlatMapFunction<String, String>) line -> words(line).iterator(), Encoders.STRING())
        .toDF("word")
        .groupBy("word")
        .count();
  }

  /** The words of one line, in order. */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    for (String word : NOT_IN_WORDS.split(line.toLowerCase(Locale.ROOT))) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }

  /** A missing file fails here, naming it, rather than in the middle of Spark's planning. */
  private static void requireFile(SparkSession spark, String file) {
    Path path = new Path(file);
    try {
      FileSystem files = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!files.exists(path)) {
        throw new IllegalArgumentException("WordCount: no such file: " + file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("WordCount: cannot read " + file, e);
    }
  }
}
