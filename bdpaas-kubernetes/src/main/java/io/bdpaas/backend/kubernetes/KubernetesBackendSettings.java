package io.bdpaas.backend.kubernetes;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How the Kubernetes backend runs on one Kubernetes cluster.
 *
 * @param namespacePrefix the first part of each tenant namespace's name ({@code
 *     <prefix>--<tenant>--bdpaas-u})
 * @param controlPlaneNamespace the namespace the control plane runs in: the only one the tenants'
 *     NetworkPolicies let in besides the tenant's own
 * @param clusterDomain the cluster's DNS domain
 * @param images which image runs each product version
 * @param storageClass the storage class of storage areas' claims (the cluster's default if empty)
 * @param storageSize the size each storage area's claim asks for
 * @param workDir where a node's working location is, inside its container
 * @param deleteTimeout how long a delete waits until nothing of a cluster is left
 * @param nodeAccess how the control plane reaches the nodes' ports
 * @param ingress how ports that templates expose are published outside the cluster; none: they are
 *     not
 * @param filesImage the image of the storage areas' file services: the control plane's own
 */
public record KubernetesBackendSettings(
    String namespacePrefix,
    String controlPlaneNamespace,
    String clusterDomain,
    KubernetesImages images,
    Optional<String> storageClass,
    String storageSize,
    String workDir,
    Duration deleteTimeout,
    NodeAccess nodeAccess,
    Optional<Ingress> ingress,
    String filesImage) {

  /**
   * Publishing exposed ports outside the cluster through Ingresses: each gets a host of its own
   * under {@code domain}, served with TLS by the controller's default certificate (a wildcard one
   * for {@code *.domain}).
   *
   * @param className the IngressClass of the Ingresses
   * @param domain the DNS domain whose names resolve to the ingress controller
   * @param controllerNamespace the namespace of the ingress controller's pods, which the tenants'
   *     NetworkPolicies let in to the exposed ports (and nothing else)
   */
  public record Ingress(String className, String domain, String controllerNamespace) {
    public Ingress {
      requireNonNull(className, "className is null");
      requireNonNull(domain, "domain is null");
      requireNonNull(controllerNamespace, "controllerNamespace is null");
    }
  }

  /** How the control plane reaches the ports of the nodes it runs. */
  public enum NodeAccess {
    /** By the cluster's DNS names, directly: the control plane runs inside the cluster. */
    CLUSTER_DNS,
    /**
     * Through port-forwards over the API server, as {@code kubectl port-forward}: for a control
     * plane outside the cluster, where those names do not resolve.
     */
    PORT_FORWARD
  }

  public KubernetesBackendSettings {
    requireNonNull(namespacePrefix, "namespacePrefix is null");
    requireNonNull(controlPlaneNamespace, "controlPlaneNamespace is null");
    requireNonNull(clusterDomain, "clusterDomain is null");
    requireNonNull(images, "images is null");
    requireNonNull(storageClass, "storageClass is null");
    requireNonNull(storageSize, "storageSize is null");
    requireNonNull(workDir, "workDir is null");
    requireNonNull(deleteTimeout, "deleteTimeout is null");
    requireNonNull(nodeAccess, "nodeAccess is null");
    requireNonNull(ingress, "ingress is null");
    requireNonNull(filesImage, "filesImage is null");
  }

  /** The defaults, with the control plane in {@code controlPlaneNamespace}. */
  public static KubernetesBackendSettings defaults(String controlPlaneNamespace) {
    return new KubernetesBackendSettings(
        "bdpaas",
        controlPlaneNamespace,
        "cluster.local",
        KubernetesImages.official(),
        Optional.empty(),
        "10Gi",
        "/opt/bdpaas/work",
        Duration.ofMinutes(2),
        NodeAccess.CLUSTER_DNS,
        Optional.empty(),
        "bdpaas/bdpaas-server:latest");
  }

  public KubernetesBackendSettings withDeleteTimeout(Duration timeout) {
    return new KubernetesBackendSettings(
        namespacePrefix,
        controlPlaneNamespace,
        clusterDomain,
        images,
        storageClass,
        storageSize,
        workDir,
        timeout,
        nodeAccess,
        ingress,
        filesImage);
  }

  public KubernetesBackendSettings withNodeAccess(NodeAccess access) {
    return new KubernetesBackendSettings(
        namespacePrefix,
        controlPlaneNamespace,
        clusterDomain,
        images,
        storageClass,
        storageSize,
        workDir,
        deleteTimeout,
        access,
        ingress,
        filesImage);
  }

  public KubernetesBackendSettings withIngress(Ingress publishing) {
    return new KubernetesBackendSettings(
        namespacePrefix,
        controlPlaneNamespace,
        clusterDomain,
        images,
        storageClass,
        storageSize,
        workDir,
        deleteTimeout,
        nodeAccess,
        Optional.of(publishing),
        filesImage);
  }
}
