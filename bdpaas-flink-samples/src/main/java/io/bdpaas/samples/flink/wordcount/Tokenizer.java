package io.bdpaas.samples.flink.wordcount;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.util.Collector;

/**
 * Splits lines into words and counts the lines that had any, in the gauge {@value #LINES_GAUGE}.
 * The count is operator state: restored from the same checkpoint as the source's position, it
 * agrees with it after a failure (summed over the subtasks; a rescaled restore sums what it gets).
 */
public final class Tokenizer extends RichFlatMapFunction<Line, Word>
    implements CheckpointedFunction {
  public static final String LINES_GAUGE = "linesGenerated";

  private transient ListState<Long> checkpointedLines;
  // Written by the task thread only; volatile for the metric reporter's reads.
  private transient volatile long linesWithWords;

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointedLines =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>(LINES_GAUGE, Types.LONG));
    long restored = 0;
    for (Long lines : checkpointedLines.get()) {
      restored += lines;
    }
    linesWithWords = restored;
  }

  @Override
  public void open(OpenContext openContext) {
    getRuntimeContext().getMetricGroup().gauge(LINES_GAUGE, () -> linesWithWords);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    checkpointedLines.update(List.of(linesWithWords));
  }

  @Override
  public void flatMap(Line line, Collector<Word> out) {
    String text = line.text();
    boolean hadWords = false;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf(' ', start);
      if (end < 0) {
        end = text.length();
      }
      if (end > start) {
        out.collect(new Word(text.substring(start, end), line.generatedAtMillis()));
        hadWords = true;
      }
      start = end + 1;
    }
    if (hadWords) {
      linesWithWords++;
    }
  }

  /** The lines with words seen so far by this subtask, restored ones included. */
  long linesWithWords() {
    return linesWithWords;
  }
}
