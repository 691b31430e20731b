package io.bdpaas.engine;

/** An engine's HTTP API could not be reached or answered something unexpected. */
public class EngineClientException extends RuntimeException {
  public EngineClientException(String message) {
    super(message);
  }

  public EngineClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
