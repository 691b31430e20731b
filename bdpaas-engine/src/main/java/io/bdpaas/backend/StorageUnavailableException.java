package io.bdpaas.backend;

/**
 * The control plane cannot reach a storage area's files now (on Kubernetes, the area's file service
 * is starting or gone): worth trying again shortly. The engines still read and write the area.
 */
public class StorageUnavailableException extends RuntimeException {
  public StorageUnavailableException(String message) {
    super(message);
  }
}
