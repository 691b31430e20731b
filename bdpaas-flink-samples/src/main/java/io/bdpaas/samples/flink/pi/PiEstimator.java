package io.bdpaas.samples.flink.pi;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts all points and those inside the quarter disc in keyed state under one key ({@link
 * #allPoints}), exposes the running estimate as the gauges {@value #ESTIMATE_GAUGE} and {@value
 * #POINTS_GAUGE}, and emits it every {@code emitEvery} points.
 */
public final class PiEstimator extends KeyedProcessFunction<Integer, Boolean, PiEstimate> {
  public static final String ESTIMATE_GAUGE = "piEstimate";
  public static final String POINTS_GAUGE = "points";

  private final long emitEvery;

  private transient ValueState<Long> pointsState;
  private transient ValueState<Long> insideState;
  // The last estimate, for the metric reporter's reads (keyed state is the task thread's only).
  private transient volatile PiEstimate latest;

  public PiEstimator(long emitEvery) {
    if (emitEvery < 1) {
      throw new IllegalArgumentException("emitEvery must be at least 1: " + emitEvery);
    }
    this.emitEvery = emitEvery;
  }

  /** The one key all points are counted under. */
  public static Integer allPoints(Boolean inside) {
    return 0;
  }

  @Override
  public void open(OpenContext openContext) {
    pointsState = getRuntimeContext().getState(new ValueStateDescriptor<>("points", Types.LONG));
    insideState = getRuntimeContext().getState(new ValueStateDescriptor<>("inside", Types.LONG));
    latest = PiEstimate.of(0, 0);
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    metrics.gauge(ESTIMATE_GAUGE, () -> latest.pi());
    metrics.gauge(POINTS_GAUGE, () -> latest.points());
  }

  @Override
  public void processElement(Boolean inside, Context context, Collector<PiEstimate> out)
      throws Exception {
    long points = valueOrZero(pointsState.value()) + 1;
    long insideCount = valueOrZero(insideState.value()) + (inside ? 1 : 0);
    pointsState.update(points);
    insideState.update(insideCount);
    PiEstimate estimate = PiEstimate.of(points, insideCount);
    latest = estimate;
    if (points % emitEvery == 0) {
      out.collect(estimate);
    }
  }

  private static long valueOrZero(Long value) {
    return value == null ? 0 : value;
  }
}
