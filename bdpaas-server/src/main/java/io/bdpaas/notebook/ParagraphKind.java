package io.bdpaas.notebook;

/**
 * What a paragraph holds. {@link #SQL} runs on the project's Spark cluster, {@link #MARKDOWN} is
 * rendered, and {@link #TEXT} is code for an interpreter the platform cannot run (a Zeppelin {@code
 * %pyspark} paragraph, say), kept verbatim so that an import loses nothing.
 */
public enum ParagraphKind {
  SQL,
  MARKDOWN,
  TEXT
}
