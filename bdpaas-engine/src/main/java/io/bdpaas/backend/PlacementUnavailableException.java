package io.bdpaas.backend;

/**
 * The backend has no room to place a node now (no free port, for instance): the cluster waits and
 * tries again rather than failing.
 */
public class PlacementUnavailableException extends RuntimeException {
  public PlacementUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
