package io.bdpaas.samples.flink.wordcount;

/** How many times a word has been counted so far. */
public record WordTotal(String word, long count) {}
