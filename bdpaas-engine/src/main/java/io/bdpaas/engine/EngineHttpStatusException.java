package io.bdpaas.engine;

/**
 * An engine answered a request with an error status: it was reached and refused, as opposed to not
 * being reachable at all. The message is the engine's own explanation when it gave one.
 */
public class EngineHttpStatusException extends EngineClientException {
  private final int statusCode;

  public EngineHttpStatusException(String message, int statusCode) {
    super(message);
    this.statusCode = statusCode;
  }

  /** The HTTP status the engine answered, e.g. 404 when it does not know the resource. */
  public int statusCode() {
    return statusCode;
  }

  /** Whether the engine said it does not know the resource (HTTP 404). */
  public boolean isNotFound() {
    return statusCode == 404;
  }
}
