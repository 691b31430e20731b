package io.bdpaas;

import io.bdpaas.backend.ClusterBackend;
import io.bdpaas.backend.NodeEventRelay;
import io.bdpaas.backend.local.LocalClusterBackend;
import io.bdpaas.backend.local.LocalSupervisorConfig;
import io.bdpaas.backend.local.PortAllocator;
import io.bdpaas.reconcile.ReconcileKernel;
import io.bdpaas.settings.BdpaasSettings;
import io.bdpaas.settings.InvalidSettingsException;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks the one {@link ClusterBackend} of this control plane from {@code bdpaas.backend}, once, at
 * start-up: the only place that knows the backends' implementations.
 */
@Configuration(proxyBeanMethods = false)
public class BackendConfiguration {
  /** The address local nodes listen on: loopback, so no engine port is reachable from outside. */
  static final String LOCAL_HOST = "127.0.0.1";

  @Bean
  NodeEventRelay nodeEventRelay() {
    return new NodeEventRelay();
  }

  @Bean(destroyMethod = "close")
  ClusterBackend clusterBackend(BdpaasSettings settings, NodeEventRelay nodeEvents) {
    ClusterBackend backend =
        switch (settings.backend()) {
          case LOCAL ->
              new LocalClusterBackend(
                  LocalSupervisorConfig.defaults(
                          settings.dataDir().resolve("clusters").toAbsolutePath().normalize())
                      .withTenantAccounts(settings.localTenantAccounts()),
                  settings.runtimeDir(),
                  LOCAL_HOST,
                  new PortAllocator(),
                  nodeEvents);
          // The settings catalog refuses 'kubernetes' before anything starts; this is a guard.
          case KUBERNETES ->
              throw new InvalidSettingsException(
                  List.of("bdpaas.backend: the Kubernetes backend is not built yet"));
        };
    DataDirectoryProtection.protect(settings.dataDir(), backend.isolation());
    return backend;
  }

  @Bean
  ReconcileKernel.Settings reconcileKernelSettings(BdpaasSettings settings) {
    ReconcileKernel.Settings defaults = ReconcileKernel.Settings.defaults();
    return new ReconcileKernel.Settings(
        settings.reconcileThreads(),
        defaults.initialBackoff(),
        defaults.maxBackoff(),
        defaults.resyncInterval());
  }
}
