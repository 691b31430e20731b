package io.bdpaas.settings;

/** Where clusters run. */
public enum BackendKind {
  /** Engine processes on this machine, supervised by the control plane. */
  LOCAL,
  /** Pods in a Kubernetes cluster, created through its API. */
  KUBERNETES
}
