package io.bdpaas.backend;

/**
 * A node cannot be started for a reason of its own — its definition is invalid, its process cannot
 * be launched, something of it still runs — as opposed to the backend being unavailable, which is
 * worth retrying.
 */
public class NodeStartException extends RuntimeException {
  public NodeStartException(String message, Throwable cause) {
    super(message, cause);
  }

  public NodeStartException(String message) {
    super(message);
  }
}
