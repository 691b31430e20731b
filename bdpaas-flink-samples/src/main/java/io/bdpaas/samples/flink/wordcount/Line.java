package io.bdpaas.samples.flink.wordcount;

/**
 * One generated sentence: its words separated by single spaces (empty when it has none), and the
 * wall-clock time it was generated at, from which the counter measures the event-time latency.
 */
public record Line(String text, long generatedAtMillis) {}
