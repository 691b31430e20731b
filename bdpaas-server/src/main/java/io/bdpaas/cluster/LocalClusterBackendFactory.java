package io.bdpaas.cluster;

import io.bdpaas.backend.NodeEventListener;
import io.bdpaas.settings.BdpaasSettings;
import org.springframework.stereotype.Component;

/** Creates the local backend from the settings (the Kubernetes backend comes later). */
@Component
public class LocalClusterBackendFactory {
  private final BdpaasSettings settings;

  public LocalClusterBackendFactory(BdpaasSettings settings) {
    this.settings = settings;
  }

  public LocalClusterBackend create(NodeEventListener listener) {
    return new LocalClusterBackend(
        settings.dataDir().resolve("clusters"), settings.runtimeDir(), listener);
  }
}
