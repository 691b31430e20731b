package io.bdpaas.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The file service of one storage area (pure: no client, no state): the platform's own small pod in
 * the tenant's namespace that mounts the area's claim where the tenant's nodes mount it and serves
 * its files to the control plane ({@code io.bdpaas.backend.local.StorageFilesServer}, from the
 * control plane's own image), since the control plane cannot mount a tenant's claim itself.
 *
 * <ul>
 *   <li>a Secret holding the area's token, which the service demands and the tenant's nodes never
 *       see;
 *   <li>a StatefulSet of one pod, so that its address is stable ({@code files-<area>-0}), running
 *       unprivileged as the nodes do, with {@value #CPU_MILLIS}m and {@value #MEMORY_MB} MiB;
 *   <li>its headless Service;
 *   <li>a NetworkPolicy letting only the control plane's namespace in; the tenant's own policy
 *       leaves this pod out, so the tenant's pods cannot reach it.
 * </ul>
 *
 * @param filesImage the image the service runs: the control plane's own
 */
public record StorageObjects(
    KubernetesNames names, String controlPlaneNamespace, String filesImage) {
  /** The label marking a file service's objects, its value the storage area's name. */
  public static final String FILES = "bdpaas.io/files";

  /** The port the service listens on. */
  public static final int PORT = 8080;

  /** What the service's pod asks for; the tenant's quota holds this much more per area. */
  public static final int CPU_MILLIS = 100;

  public static final int MEMORY_MB = 160;

  static final String CONTAINER = "files";
  static final String TOKEN_KEY = "token";
  static final String TOKEN_DIR = "/bdpaas/files-token";

  /** Every object of the area's file service, the Secret of its token first. */
  public List<HasMetadata> all(String tenant, String area, String token) {
    return List.of(
        tokenSecret(tenant, area, token),
        service(tenant, area),
        networkPolicy(tenant, area),
        statefulSet(tenant, area));
  }

  public Secret tokenSecret(String tenant, String area, String token) {
    return new SecretBuilder()
        .withMetadata(metadata(tenant, area, names.filesToken(area)))
        .withType("Opaque")
        .withData(
            Map.of(
                TOKEN_KEY,
                Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  public Service service(String tenant, String area) {
    return new ServiceBuilder()
        .withMetadata(metadata(tenant, area, names.files(area)))
        .withNewSpec()
        .withClusterIP("None")
        .withSelector(selector(area))
        .addNewPort()
        .withName("http")
        .withPort(PORT)
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  public NetworkPolicy networkPolicy(String tenant, String area) {
    return new NetworkPolicyBuilder()
        .withMetadata(metadata(tenant, area, names.files(area)))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(selector(area))
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .addNewFrom()
        .withNewNamespaceSelector()
        .withMatchLabels(Map.of(TenantObjects.NAMESPACE_NAME_LABEL, controlPlaneNamespace))
        .endNamespaceSelector()
        .endFrom()
        .addNewPort()
        .withProtocol("TCP")
        .withNewPort(PORT)
        .endPort()
        .endIngress()
        .endSpec()
        .build();
  }

  public StatefulSet statefulSet(String tenant, String area) {
    String mount = NodeObjects.STORAGE_ROOT + area;
    Quantity cpu = new Quantity(CPU_MILLIS + "m");
    Quantity memory = new Quantity(MEMORY_MB + "Mi");
    ObjectMeta metadata = metadata(tenant, area, names.files(area));
    return new StatefulSetBuilder()
        .withMetadata(metadata)
        .withNewSpec()
        .withReplicas(1)
        .withServiceName(names.files(area))
        .withNewSelector()
        .withMatchLabels(selector(area))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(metadata.getLabels())
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(KubernetesNames.NODE_SERVICE_ACCOUNT)
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(NodeObjects.unprivilegedPod())
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(filesImage)
        .withCommand(command(area))
        .addNewPort()
        .withName("http")
        .withContainerPort(PORT)
        .endPort()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/healthz")
        .withNewPort(PORT)
        .endHttpGet()
        .endReadinessProbe()
        .withNewResources()
        .withRequests(Map.of("cpu", cpu, "memory", memory))
        .withLimits(Map.of("cpu", cpu, "memory", memory))
        .endResources()
        .addNewVolumeMount()
        .withName("storage")
        .withMountPath(mount)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("token")
        .withMountPath(TOKEN_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .withSecurityContext(
            new SecurityContextBuilder(NodeObjects.unprivilegedContainer())
                .withReadOnlyRootFilesystem(true)
                .build())
        .endContainer()
        .addNewVolume()
        .withName("storage")
        .withNewPersistentVolumeClaim()
        .withClaimName(names.storageClaim(area))
        .endPersistentVolumeClaim()
        .endVolume()
        .addNewVolume()
        .withName("token")
        .withNewSecret()
        .withSecretName(names.filesToken(area))
        .withDefaultMode(0440)
        .endSecret()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The service's command in the control plane's image (Jib's layout: the class path in {@code
   * /app/jib-classpath-file}).
   */
  static List<String> command(String area) {
    return List.of(
        "java",
        "-Xmx48m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-cp",
        "@/app/jib-classpath-file",
        "io.bdpaas.backend.local.StorageFilesServer",
        NodeObjects.STORAGE_ROOT.substring(0, NodeObjects.STORAGE_ROOT.length() - 1),
        area,
        Integer.toString(PORT),
        TOKEN_DIR + "/" + TOKEN_KEY);
  }

  private static Map<String, String> selector(String area) {
    return Map.of(FILES, area);
  }

  private ObjectMeta metadata(String tenant, String area, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(names.namespace(tenant))
        .withLabels(
            Map.of(
                KubernetesNames.MANAGED_BY,
                KubernetesNames.MANAGER,
                KubernetesNames.TENANT,
                tenant,
                FILES,
                area))
        .build();
  }
}
