package io.bdpaas.backend;

/**
 * An upload does not hold what its name says (a {@code .parquet} without Parquet's magic, a {@code
 * .csv} that is not UTF-8 text, a {@code .jar} that is not a whole and safe jar); nothing of it was
 * kept.
 */
public final class FileContentException extends RuntimeException {
  public FileContentException(String message) {
    super(message);
  }
}
