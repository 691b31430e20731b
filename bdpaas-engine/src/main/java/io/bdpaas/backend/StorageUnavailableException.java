package io.bdpaas.backend;

/**
 * The backend cannot reach the files of a storage area from the control plane (the Kubernetes
 * backend cannot yet): the engines still read and write the area, but the platform cannot list,
 * upload, download or delete its files.
 */
public class StorageUnavailableException extends RuntimeException {
  public StorageUnavailableException(String message) {
    super(message);
  }
}
