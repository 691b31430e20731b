package io.bdpaas.samples.flink;

import io.bdpaas.samples.flink.wordcount.Line;
import io.bdpaas.samples.flink.wordcount.SentenceGenerator;
import io.bdpaas.samples.flink.wordcount.Tokenizer;
import io.bdpaas.samples.flink.wordcount.Word;
import io.bdpaas.samples.flink.wordcount.WordCounter;
import io.bdpaas.samples.flink.wordcount.WordTotal;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * An unbounded word count over generated sentences, exactly once across failures: the source keeps
 * its position in its split state, and the tokenizer's and the counter's totals are operator state
 * taken in the same checkpoints, so after a TaskManager is lost and the job restored, the gauges
 * {@code linesGenerated} and {@code wordsCounted} agree with the source's position again.
 *
 * <p>Properties: {@code rate} lines per second (default {@value #DEFAULT_RATE}, 0 for as fast as it
 * goes) and {@code lines} (default 0 for no limit): with a limit, the lines from that index on have
 * no words, so the job keeps running but counts exactly 5 &times; {@code lines} words in all. Line
 * {@code i}'s words depend on {@code i} alone ({@link SentenceGenerator#words}). With rate 0 and a
 * limit, the source keeps generating empty lines as fast as it can after the limit (a busy core).
 *
 * <p>The source splits its number sequence into one range per parallel subtask (the first from 0 to
 * about {@code Long.MAX_VALUE / p}, the next from there on...), and each rate-limited subtask
 * generates {@code rate / p} lines per second. So with a {@code lines} limit and a parallelism
 * {@code p} above 1, only the subtask holding the first range generates words, at {@code rate / p}.
 *
 * <p>Checkpointing and restarts are the cluster's settings; the parallelism is the submission's.
 */
public final class WordCountDemo {
  static final String JOB_NAME = "wordcount-demo";
  static final double DEFAULT_RATE = 20_000;

  private WordCountDemo() {}

  /** The application's properties. */
  record Options(double rate, long lines) {
    static Options from(String[] args) {
      DemoArguments arguments = DemoArguments.of(args);
      return new Options(
          arguments.nonNegativeNumber("rate", DEFAULT_RATE),
          arguments.wholeNumber("lines", 0, 0, Long.MAX_VALUE));
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.from(args);
    StreamExecutionEnvironment environment = StreamExecutionEnvironment.getExecutionEnvironment();
    build(environment, options);
    environment.execute(JOB_NAME);
  }

  static void build(StreamExecutionEnvironment environment, Options options) {
    DataGeneratorSource<Line> source =
        new DataGeneratorSource<>(
            new SentenceGenerator(options.lines()),
            Long.MAX_VALUE,
            options.rate() == 0
                ? RateLimiterStrategy.noOp()
                : RateLimiterStrategy.perSecond(options.rate()),
            TypeInformation.of(Line.class));

    environment
        .fromSource(source, WatermarkStrategy.noWatermarks(), "sentences")
        .uid("sentences")
        .flatMap(new Tokenizer())
        .name("tokenize")
        .uid("tokenize")
        .keyBy(Word::word, Types.STRING)
        .process(new WordCounter())
        .name("count")
        .uid("count")
        .sinkTo(new DiscardingSink<WordTotal>())
        .name("sink")
        .uid("sink");
  }
}
