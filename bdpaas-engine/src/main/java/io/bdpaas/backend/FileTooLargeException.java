package io.bdpaas.backend;

/** An upload went over its size limit; nothing of it was kept. */
public final class FileTooLargeException extends RuntimeException {
  private final long maxBytes;

  public FileTooLargeException(StorageFileName name, long maxBytes) {
    super(name + " is larger than the limit of " + maxBytes + " bytes");
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }
}
