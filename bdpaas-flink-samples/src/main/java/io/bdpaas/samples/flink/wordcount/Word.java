package io.bdpaas.samples.flink.wordcount;

/** A word of a {@link Line}, carrying the time its line was generated at. */
public record Word(String word, long generatedAtMillis) {}
