package io.bdpaas.backend;

/** The part of a product template that a backend runs. */
public enum TemplatePart {
  /** {@code process}: a JVM started from an engine runtime folder (the local backend). */
  PROCESS("process"),
  /** {@code container}: an image with its command (the Kubernetes backend). */
  CONTAINER("container");

  private final String fieldName;

  TemplatePart(String fieldName) {
    this.fieldName = fieldName;
  }

  /** The part's name in a template's node group. */
  public String fieldName() {
    return fieldName;
  }
}
