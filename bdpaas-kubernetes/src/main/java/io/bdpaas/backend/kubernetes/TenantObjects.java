package io.bdpaas.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.List;
import java.util.Map;

/**
 * The objects of a tenant's namespace, computed from the tenant and its quota alone (pure: no
 * client, no state), applied before the tenant's first node:
 *
 * <ul>
 *   <li>the Namespace, labelled as a tenant's;
 *   <li>a ResourceQuota of the tenant's cores and memory, on requests and limits alike (nodes ask
 *       for exactly what they may use), so that the API server refuses a pod beyond the quota;
 *   <li>a LimitRange that gives a container without resources the smallest node's and caps one
 *       container at the whole quota;
 *   <li>a NetworkPolicy that denies every connection into the namespace except from its own pods
 *       and from the control plane's namespace;
 *   <li>the service account the nodes run as, without a token and without any role.
 * </ul>
 *
 * @param controlPlaneNamespace the namespace the control plane runs in: the one allowed in
 */
public record TenantObjects(KubernetesNames names, String controlPlaneNamespace) {
  /** Names of the tenant objects that are not the namespace itself. */
  public static final String QUOTA = "bdpaas-quota";

  public static final String LIMITS = "bdpaas-limits";
  public static final String NETWORK_POLICY = "bdpaas-tenant-only";

  /** What a container without resources is given. */
  static final String DEFAULT_CPU = "500m";

  static final String DEFAULT_MEMORY = "512Mi";

  /** The labels a namespace has from its name alone (Kubernetes 1.21 and later). */
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  /** Every object, the namespace first. */
  public List<HasMetadata> all(String tenant, TenantQuota quota) {
    return List.of(
        namespace(tenant),
        quota(tenant, quota),
        limits(tenant, quota),
        networkPolicy(tenant),
        serviceAccount(tenant));
  }

  public Namespace namespace(String tenant) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(names.namespace(tenant))
        .withLabels(labels(tenant))
        .endMetadata()
        .build();
  }

  public ResourceQuota quota(String tenant, TenantQuota quota) {
    Quantity cores =
        quota.storageAreas() == 0
            ? new Quantity(Integer.toString(quota.cores()))
            : new Quantity(quota.namespaceMilliCores() + "m");
    Quantity memory = new Quantity(quota.namespaceMemoryMb() + "Mi");
    return new ResourceQuotaBuilder()
        .withNewMetadata()
        .withName(QUOTA)
        .withNamespace(names.namespace(tenant))
        .withLabels(labels(tenant))
        .endMetadata()
        .withNewSpec()
        .withHard(
            Map.of(
                "requests.cpu", cores,
                "limits.cpu", cores,
                "requests.memory", memory,
                "limits.memory", memory))
        .endSpec()
        .build();
  }

  public LimitRange limits(String tenant, TenantQuota quota) {
    return new LimitRangeBuilder()
        .withNewMetadata()
        .withName(LIMITS)
        .withNamespace(names.namespace(tenant))
        .withLabels(labels(tenant))
        .endMetadata()
        .withNewSpec()
        .addNewLimit()
        .withType("Container")
        .withDefault(
            Map.of("cpu", new Quantity(DEFAULT_CPU), "memory", new Quantity(DEFAULT_MEMORY)))
        .withDefaultRequest(
            Map.of("cpu", new Quantity(DEFAULT_CPU), "memory", new Quantity(DEFAULT_MEMORY)))
        .withMax(
            Map.of(
                "cpu",
                new Quantity(Integer.toString(Math.max(1, quota.cores()))),
                "memory",
                new Quantity(Math.max(1, quota.memoryMb()) + "Mi")))
        .endLimit()
        .endSpec()
        .build();
  }

  /**
   * Default deny for ingress: only the namespace's own pods (the nodes of the tenant's clusters
   * talk to each other) and the control plane's pods (readiness probes, engine APIs) get in. The
   * storage areas' file services are left out: their own policy lets in the control plane alone.
   */
  public NetworkPolicy networkPolicy(String tenant) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(NETWORK_POLICY)
        .withNamespace(names.namespace(tenant))
        .withLabels(labels(tenant))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .addNewMatchExpression()
        .withKey(StorageObjects.FILES)
        .withOperator("DoesNotExist")
        .endMatchExpression()
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .addNewFrom()
        .withNewPodSelector()
        .endPodSelector()
        .endFrom()
        .addNewFrom()
        .withNewNamespaceSelector()
        .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, controlPlaneNamespace))
        .endNamespaceSelector()
        .endFrom()
        .endIngress()
        .endSpec()
        .build();
  }

  /** The nodes' identity toward the API server: no token is mounted and no role is bound. */
  public ServiceAccount serviceAccount(String tenant) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(KubernetesNames.NODE_SERVICE_ACCOUNT)
        .withNamespace(names.namespace(tenant))
        .withLabels(labels(tenant))
        .endMetadata()
        .withAutomountServiceAccountToken(false)
        .build();
  }

  private static Map<String, String> labels(String tenant) {
    return Map.of(
        KubernetesNames.MANAGED_BY,
        KubernetesNames.MANAGER,
        KubernetesNames.TENANT,
        tenant,
        KubernetesNames.TENANT_NAMESPACE,
        "true");
  }
}
