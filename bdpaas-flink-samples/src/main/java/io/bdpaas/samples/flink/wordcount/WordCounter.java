package io.bdpaas.samples.flink.wordcount;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each word in keyed state and emits its new total. Its subtask's number of words counted is
 * operator state exposed as the gauge {@value #WORDS_GAUGE} (it agrees with the keyed counts after
 * a restore: both come from the same checkpoint). Also measures the event-time latency, now minus
 * the generation time of the word's line: the gauge {@value #LATENCY_GAUGE} (mean of the last
 * second, in milliseconds) and the histogram {@value #LATENCY_HISTOGRAM} (the last {@value
 * #LATENCY_WINDOW} words). At DEBUG level, it logs its progress once a second (set through the
 * platform's log levels while it runs, to see that they take effect).
 */
public final class WordCounter extends KeyedProcessFunction<String, Word, WordTotal>
    implements CheckpointedFunction {
  public static final String WORDS_GAUGE = "wordsCounted";
  public static final String LATENCY_GAUGE = "latencyMs";
  public static final String LATENCY_HISTOGRAM = "latency";
  static final int LATENCY_WINDOW = 500;
  private static final Logger LOG = LoggerFactory.getLogger(WordCounter.class);
  private static final long DEBUG_EVERY_MILLIS = 1_000;

  private transient ValueState<Long> count;
  private transient ListState<Long> checkpointedWords;
  // Written by the task thread only; volatile for the metric reporter's reads.
  private transient volatile long wordsCounted;
  private transient LatencyMean latencyMean;
  private transient DescriptiveStatisticsHistogram latencies;
  private transient long nextDebugAtMillis;

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointedWords =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>(WORDS_GAUGE, Types.LONG));
    long restored = 0;
    for (Long words : checkpointedWords.get()) {
      restored += words;
    }
    wordsCounted = restored;
  }

  @Override
  public void open(OpenContext openContext) {
    count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    latencyMean = new LatencyMean();
    latencies = new DescriptiveStatisticsHistogram(LATENCY_WINDOW);
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    metrics.gauge(WORDS_GAUGE, () -> wordsCounted);
    metrics.gauge(LATENCY_GAUGE, latencyMean::lastMean);
    metrics.histogram(LATENCY_HISTOGRAM, latencies);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    checkpointedWords.update(List.of(wordsCounted));
  }

  @Override
  public void processElement(Word word, Context context, Collector<WordTotal> out)
      throws Exception {
    Long previous = count.value();
    long total = previous == null ? 1 : previous + 1;
    count.update(total);
    wordsCounted++;

    long now = System.currentTimeMillis();
    long latency = Math.max(0, now - word.generatedAtMillis());
    latencyMean.record(now, latency);
    latencies.update(latency);

    out.collect(new WordTotal(word.word(), total));
    if (now >= nextDebugAtMillis) {
      nextDebugAtMillis = now + DEBUG_EVERY_MILLIS;
      LOG.debug(
          "{} words counted; '{}' seen {} times, {} ms after its line",
          wordsCounted,
          word.word(),
          total,
          latency);
    }
  }
}
