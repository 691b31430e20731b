package io.bdpaas;

import io.bdpaas.account.UserStore;
import io.bdpaas.backend.ClusterBackend;
import io.bdpaas.backend.NodeEventRelay;
import io.bdpaas.backend.kubernetes.KubernetesBackendSettings;
import io.bdpaas.backend.kubernetes.KubernetesClusterBackend;
import io.bdpaas.backend.kubernetes.KubernetesImages;
import io.bdpaas.backend.kubernetes.TenantQuota;
import io.bdpaas.backend.local.LocalClusterBackend;
import io.bdpaas.backend.local.LocalSupervisorConfig;
import io.bdpaas.backend.local.PortAllocator;
import io.bdpaas.engine.EngineAddresses;
import io.bdpaas.reconcile.ReconcileKernel;
import io.bdpaas.settings.BackendKind;
import io.bdpaas.settings.BdpaasSettings;
import io.bdpaas.tenancy.UserId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks the one {@link ClusterBackend} of this control plane from {@code bdpaas.backend}, once, at
 * start-up: the only place that knows the backends' implementations. The Kubernetes backend's
 * classes (and fabric8's) are loaded only when it is picked.
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
  ClusterBackend clusterBackend(
      BdpaasSettings settings, NodeEventRelay nodeEvents, UserStore users) {
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
          case KUBERNETES -> kubernetes(settings.kubernetes(), users, nodeEvents);
        };
    if (settings.backend() == BackendKind.LOCAL) {
      DataDirectoryProtection.protect(settings.dataDir(), backend.isolation());
    } else {
      DataDirectoryProtection.announce(backend.isolation());
    }
    return backend;
  }

  private static ClusterBackend kubernetes(
      BdpaasSettings.Kubernetes settings, UserStore users, NodeEventRelay nodeEvents) {
    KubernetesBackendSettings defaults = KubernetesBackendSettings.defaults(settings.namespace());
    KubernetesBackendSettings backend =
        new KubernetesBackendSettings(
            settings.namespacePrefix(),
            settings.namespace(),
            defaults.clusterDomain(),
            new KubernetesImages(settings.images()),
            settings.storageClass(),
            settings.storageSize(),
            defaults.workDir(),
            defaults.deleteTimeout(),
            nodeAccess(settings.nodeAccess(), System.getenv("KUBERNETES_SERVICE_HOST") != null),
            settings
                .ingress()
                .map(
                    ingress ->
                        new KubernetesBackendSettings.Ingress(
                            ingress.className(), ingress.domain(), ingress.controllerNamespace())),
            settings.filesImage());
    return KubernetesClusterBackend.connect(
        settings.kubeconfig(), backend, tenant -> quotaOf(users, tenant), nodeEvents);
  }

  /**
   * How the control plane reaches the pods: {@code auto} by where it runs, as the Kubernetes client
   * itself tells a pod (the kubelet gives every container {@code KUBERNETES_SERVICE_HOST}).
   */
  static KubernetesBackendSettings.NodeAccess nodeAccess(
      BdpaasSettings.Kubernetes.NodeAccess setting, boolean inAPod) {
    return switch (setting) {
      case CLUSTER_DNS -> KubernetesBackendSettings.NodeAccess.CLUSTER_DNS;
      case PORT_FORWARD -> KubernetesBackendSettings.NodeAccess.PORT_FORWARD;
      case AUTO ->
          inAPod
              ? KubernetesBackendSettings.NodeAccess.CLUSTER_DNS
              : KubernetesBackendSettings.NodeAccess.PORT_FORWARD;
    };
  }

  /**
   * A tenant's quota, for its namespace's ResourceQuota: its owner's ({@code u<id>}, see {@code
   * Cluster.tenantOf}); nothing for a tenant whose owner is gone.
   */
  static TenantQuota quotaOf(UserStore users, String tenant) {
    if (!tenant.matches("u[1-9][0-9]{0,17}")) {
      return new TenantQuota(0, 0);
    }
    return users
        .findById(new UserId(Long.parseLong(tenant.substring(1))))
        .map(
            user ->
                new TenantQuota(
                    user.quota().cores(), user.quota().memoryMb(), user.quota().projects()))
        .orElse(new TenantQuota(0, 0));
  }

  /** Where the control plane connects to reach the nodes' endpoints: as the backend says. */
  @Bean
  EngineAddresses engineAddresses(ClusterBackend backend) {
    return backend.addresses();
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
