package io.bdpaas.backend.kubernetes;

import io.bdpaas.backend.ContainerPart;
import io.bdpaas.backend.NodeDefinition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects of one node, computed from its definition alone (pure: no client, no state):
 *
 * <ul>
 *   <li>a Secret holding the node's files, text and binary alike (they carry the cluster's key and
 *       passwords, so never a ConfigMap);
 *   <li>a StatefulSet of one pod running the container part: requests equal to limits from the
 *       node's cores and memory, no privilege escalation, every capability dropped, the runtime's
 *       default seccomp profile, a non-root user, the nodes' own token-less service account. Its
 *       working location is an {@code emptyDir}; each top-level folder of its files is a read-only
 *       Secret volume there (the kubelet refreshes it after {@code rewriteFile}), a file at the top
 *       is mounted on its own; each storage area the node's part names is its claim, mounted at
 *       that path;
 *   <li>the headless Service of its group, which gives the pod its stable address and lists it
 *       before it is ready, so that the nodes of a cluster find each other while they start;
 *   <li>where the backend publishes ports, what publishes those its part exposes ({@link
 *       #exposure}).
 * </ul>
 *
 * Every object carries the node's labels and is owned by the cluster's anchor, so that deleting the
 * anchor deletes the cluster.
 */
public record NodeObjects(KubernetesNames names, KubernetesImages images) {
  /** The annotation holding a hash of the definition the StatefulSet was made from. */
  public static final String DEFINITION_HASH = "bdpaas.io/definition-hash";

  /** The user the engines run as: not root, the same in every image. */
  static final long RUN_AS_USER = 10001;

  static final String CONTAINER = "engine";

  /** How ingress-nginx learns the protocol an exposed port speaks ({@code HTTP}, {@code GRPC}). */
  static final String BACKEND_PROTOCOL = "nginx.ingress.kubernetes.io/backend-protocol";

  static final String WORK_VOLUME = "work";

  /** Where a storage area is mounted in a node, and how a node's part names it. */
  public static final String STORAGE_ROOT = "/bdpaas/storage/";

  private static final Pattern STORAGE_PATH =
      Pattern.compile(Pattern.quote(STORAGE_ROOT) + "([a-z0-9][a-z0-9-]{0,62})");
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  /** The anchor of a cluster: a ConfigMap every other object of the cluster is owned by. */
  public ConfigMap anchor(String tenant, String clusterId) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(names.clusterAnchor(clusterId))
        .withNamespace(names.namespace(tenant))
        .withLabels(KubernetesNames.clusterLabels(tenant, clusterId))
        .endMetadata()
        .withData(Map.of("cluster", clusterId, "tenant", tenant))
        .build();
  }

  /** How the objects of a cluster point at its anchor. */
  public static OwnerReference ownedBy(ConfigMap anchor) {
    return new OwnerReferenceBuilder()
        .withApiVersion("v1")
        .withKind("ConfigMap")
        .withName(anchor.getMetadata().getName())
        .withUid(anchor.getMetadata().getUid())
        .withBlockOwnerDeletion(false)
        .withController(false)
        .build();
  }

  /** The Secret of the node's files. */
  public Secret files(NodeDefinition node, OwnerReference owner) {
    ContainerPart part = container(node);
    Map<String, String> data = new TreeMap<>();
    FileKeys keys = FileKeys.of(part);
    part.files()
        .forEach(
            (path, content) ->
                data.put(
                    keys.key(path),
                    Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))));
    part.base64Files().forEach((path, content) -> data.put(keys.key(path), content));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(names.files(node.id()))
        .withNamespace(names.namespace(node.tenant()))
        .withLabels(KubernetesNames.nodeLabels(node.tenant(), node.id(), node.role()))
        .withOwnerReferences(owner)
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /** The headless Service of the node's group. */
  public Service groupService(NodeDefinition node, OwnerReference owner) {
    List<ServicePort> ports = new ArrayList<>();
    new TreeMap<>(node.placement().ports())
        .forEach(
            (name, port) -> {
              ServicePortBuilder builder =
                  new ServicePortBuilder().withPort(port).withProtocol("TCP");
              if (isPortName(name)) {
                builder.withName(name);
              }
              ports.add(builder.build());
            });
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(KubernetesNames.CLUSTER, KubernetesNames.labelValue(node.id().clusterId()));
    selector.put(
        KubernetesNames.GROUP, KubernetesNames.labelValue(KubernetesNames.group(node.id())));
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(names.service(node.id()))
        .withNamespace(names.namespace(node.tenant()))
        .withLabels(KubernetesNames.clusterLabels(node.tenant(), node.id().clusterId()))
        .withOwnerReferences(owner)
        .endMetadata()
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(selector)
        .withPorts(ports.size() > 1 ? namedOnly(ports) : ports)
        .endSpec()
        .build();
  }

  /**
   * What publishes the ports the node's container part exposes outside the cluster, for each port:
   * a ClusterIP Service of that port of the node's pod alone, a NetworkPolicy letting the ingress
   * controller's pods in to that port (the tenant's default-deny policy keeps them out of
   * everything else), and an Ingress of the given class with a host of its own under the domain,
   * TLS by the controller's default certificate, and the backend protocol the part names (as
   * ingress-nginx reads it). Nothing when the part exposes nothing.
   */
  public List<HasMetadata> exposure(
      NodeDefinition node, OwnerReference owner, KubernetesBackendSettings.Ingress ingress) {
    List<HasMetadata> objects = new ArrayList<>();
    String namespace = names.namespace(node.tenant());
    Map<String, String> labels = KubernetesNames.nodeLabels(node.tenant(), node.id(), node.role());
    new TreeMap<>(container(node).expose())
        .forEach(
            (portName, protocol) -> {
              Integer port = node.placement().ports().get(portName);
              if (port == null) {
                throw new IllegalArgumentException(
                    "node " + node.id() + " exposes port '" + portName + "', which it has not");
              }
              String name = names.exposed(node.id(), portName);
              String host = names.externalHost(node.id(), portName, ingress.domain());
              ObjectMeta metadata =
                  new ObjectMetaBuilder()
                      .withName(name)
                      .withNamespace(namespace)
                      .withLabels(labels)
                      .withOwnerReferences(owner)
                      .build();
              objects.add(
                  new ServiceBuilder()
                      .withMetadata(metadata)
                      .withNewSpec()
                      .withType("ClusterIP")
                      .withSelector(KubernetesNames.nodeSelector(node.id()))
                      .addNewPort()
                      .withName(isPortName(portName) ? portName : null)
                      .withPort(port)
                      .withNewTargetPort(port)
                      .withProtocol("TCP")
                      .endPort()
                      .endSpec()
                      .build());
              objects.add(
                  new NetworkPolicyBuilder()
                      .withMetadata(metadata)
                      .withNewSpec()
                      .withNewPodSelector()
                      .withMatchLabels(KubernetesNames.nodeSelector(node.id()))
                      .endPodSelector()
                      .withPolicyTypes("Ingress")
                      .addNewIngress()
                      .addNewFrom()
                      .withNewNamespaceSelector()
                      .withMatchLabels(
                          Map.of(TenantObjects.NAMESPACE_NAME_LABEL, ingress.controllerNamespace()))
                      .endNamespaceSelector()
                      .endFrom()
                      .addNewPort()
                      .withProtocol("TCP")
                      .withNewPort(port)
                      .endPort()
                      .endIngress()
                      .endSpec()
                      .build());
              objects.add(
                  new IngressBuilder()
                      .withMetadata(
                          new ObjectMetaBuilder(metadata)
                              .withAnnotations(Map.of(BACKEND_PROTOCOL, protocol))
                              .build())
                      .withNewSpec()
                      .withIngressClassName(ingress.className())
                      .addNewTl()
                      .withHosts(host)
                      .endTl()
                      .addNewRule()
                      .withHost(host)
                      .withNewHttp()
                      .addNewPath()
                      .withPath("/")
                      .withPathType("Prefix")
                      .withNewBackend()
                      .withNewService()
                      .withName(name)
                      .withNewPort()
                      .withNumber(port)
                      .endPort()
                      .endService()
                      .endBackend()
                      .endPath()
                      .endHttp()
                      .endRule()
                      .endSpec()
                      .build());
            });
    return objects;
  }

  /** The node's StatefulSet of one pod. */
  public StatefulSet statefulSet(NodeDefinition node, OwnerReference owner) {
    ContainerPart part = container(node);
    Map<String, String> labels = KubernetesNames.nodeLabels(node.tenant(), node.id(), node.role());
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    String workDir = node.placement().workDir();
    volumes.add(new VolumeBuilder().withName(WORK_VOLUME).withNewEmptyDir().endEmptyDir().build());
    mounts.add(new VolumeMountBuilder().withName(WORK_VOLUME).withMountPath(workDir).build());
    fileVolumes(node, part, volumes, mounts);
    for (String storage : storageAreas(part)) {
      String volume = "storage-" + storage;
      volumes.add(
          new VolumeBuilder()
              .withName(volume)
              .withNewPersistentVolumeClaim()
              .withClaimName(names.storageClaim(storage))
              .endPersistentVolumeClaim()
              .build());
      mounts.add(
          new VolumeMountBuilder().withName(volume).withMountPath(STORAGE_ROOT + storage).build());
    }
    Quantity cpu = new Quantity(Math.max(1, node.milliCores()) + "m");
    Quantity memory = new Quantity(Math.max(1, node.memoryMb()) + "Mi");
    Container container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(images.imageFor(part.image()))
            .withCommand(part.command().isEmpty() ? null : part.command())
            .withArgs(part.args().isEmpty() ? null : part.args())
            .withWorkingDir(workDir)
            .withEnv(env(part))
            .withPorts(containerPorts(node))
            .withNewResources()
            .withRequests(Map.of("cpu", cpu, "memory", memory))
            .withLimits(Map.of("cpu", cpu, "memory", memory))
            .endResources()
            .withVolumeMounts(mounts)
            .withSecurityContext(unprivilegedContainer())
            .build();
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(names.node(node.id()))
        .withNamespace(names.namespace(node.tenant()))
        .withLabels(labels)
        .withAnnotations(Map.of(DEFINITION_HASH, definitionHash(node)))
        .withOwnerReferences(owner)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withServiceName(names.service(node.id()))
        .withPodManagementPolicy("Parallel")
        .withNewSelector()
        .withMatchLabels(KubernetesNames.nodeSelector(node.id()))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(KubernetesNames.NODE_SERVICE_ACCOUNT)
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(unprivilegedPod())
        .withContainers(container)
        .withVolumes(volumes)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * How every pod of the backend runs: as the unprivileged user {@value #RUN_AS_USER}, which also
   * owns what its volumes hold, with the runtime's default seccomp profile.
   */
  static PodSecurityContext unprivilegedPod() {
    return new PodSecurityContextBuilder()
        .withRunAsUser(RUN_AS_USER)
        .withRunAsGroup(RUN_AS_USER)
        .withFsGroup(RUN_AS_USER)
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /** How every container of the backend runs: no privilege escalation, every capability dropped. */
  static SecurityContext unprivilegedContainer() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  /**
   * A hash of everything the node's objects are made from, so that a node whose definition changed
   * can be told from one that did not without comparing objects field by field.
   */
  public static String definitionHash(NodeDefinition node) {
    ContainerPart part = container(node);
    StringBuilder text = new StringBuilder();
    text.append(node.id()).append('\n').append(node.tenant()).append('\n').append(node.role());
    text.append('\n').append(node.milliCores()).append('\n').append(node.memoryMb());
    text.append('\n').append(new TreeMap<>(node.placement().ports()));
    text.append('\n').append(node.placement().workDir()).append('\n').append(part.image());
    text.append('\n').append(part.command()).append('\n').append(part.args());
    text.append('\n').append(new TreeMap<>(part.env()));
    text.append('\n').append(new TreeMap<>(part.files()));
    text.append('\n').append(new TreeMap<>(part.base64Files()));
    return KubernetesNames.sha256Hex(text.toString(), 16);
  }

  /** The storage areas a node's part names by their mount path, in order. */
  static List<String> storageAreas(ContainerPart part) {
    TreeSet<String> found = new TreeSet<>();
    List<String> texts = new ArrayList<>(part.args());
    texts.addAll(part.command());
    texts.addAll(part.env().values());
    texts.addAll(part.files().values());
    for (String text : texts) {
      Matcher matcher = STORAGE_PATH.matcher(text);
      while (matcher.find()) {
        found.add(matcher.group(1));
      }
    }
    return List.copyOf(found);
  }

  /** The node's container part; the backend refuses a node without one before this is called. */
  static ContainerPart container(NodeDefinition node) {
    return node.container()
        .orElseThrow(
            () -> new IllegalArgumentException("node " + node.id() + " has no container part"));
  }

  private void fileVolumes(
      NodeDefinition node, ContainerPart part, List<Volume> volumes, List<VolumeMount> mounts) {
    FileKeys keys = FileKeys.of(part);
    Map<String, List<KeyToPath>> folders = new TreeMap<>();
    for (String path : keys.paths()) {
      int slash = path.indexOf('/');
      if (slash < 0) {
        // A file at the top of the working location: mounted on its own (not refreshed).
        String volume = "file-" + keys.key(path).toLowerCase().replaceAll("[^a-z0-9-]", "-");
        volumes.add(secretVolume(volume, node, List.of(keyToPath(keys.key(path), path))));
        mounts.add(
            new VolumeMountBuilder()
                .withName(shortVolumeName(volume))
                .withMountPath(node.placement().workDir() + "/" + path)
                .withSubPath(path)
                .withReadOnly(true)
                .build());
      } else {
        folders
            .computeIfAbsent(path.substring(0, slash), folder -> new ArrayList<>())
            .add(keyToPath(keys.key(path), path.substring(slash + 1)));
      }
    }
    int index = 0;
    for (Map.Entry<String, List<KeyToPath>> folder : folders.entrySet()) {
      String volume = "files-" + index++;
      volumes.add(secretVolume(volume, node, folder.getValue()));
      mounts.add(
          new VolumeMountBuilder()
              .withName(volume)
              .withMountPath(node.placement().workDir() + "/" + folder.getKey())
              .withReadOnly(true)
              .build());
    }
  }

  private Volume secretVolume(String volume, NodeDefinition node, List<KeyToPath> items) {
    return new VolumeBuilder()
        .withName(shortVolumeName(volume))
        .withNewSecret()
        .withSecretName(names.files(node.id()))
        .withItems(items)
        .withDefaultMode(0440)
        .endSecret()
        .build();
  }

  private static String shortVolumeName(String volume) {
    return KubernetesNames.dnsName(volume, 63);
  }

  private static KeyToPath keyToPath(String key, String path) {
    return new KeyToPathBuilder().withKey(key).withPath(path).build();
  }

  private static List<EnvVar> env(ContainerPart part) {
    List<EnvVar> env = new ArrayList<>();
    new TreeMap<>(part.env())
        .forEach(
            (name, value) -> env.add(new EnvVarBuilder().withName(name).withValue(value).build()));
    return env;
  }

  private static List<ContainerPort> containerPorts(NodeDefinition node) {
    List<ContainerPort> ports = new ArrayList<>();
    new TreeMap<>(node.placement().ports())
        .forEach(
            (name, port) -> {
              ContainerPortBuilder builder =
                  new ContainerPortBuilder().withContainerPort(port).withProtocol("TCP");
              if (isPortName(name)) {
                builder.withName(name);
              }
              ports.add(builder.build());
            });
    return ports;
  }

  /** Whether a template's port name is a valid Kubernetes port name (an IANA service name). */
  static boolean isPortName(String name) {
    return name.length() <= 15
        && PORT_NAME.matcher(name).matches()
        && !name.contains("--")
        && name.chars().anyMatch(Character::isLetter);
  }

  /** A Service with more than one port must name them all: unnamed ones are left out. */
  private static List<ServicePort> namedOnly(List<ServicePort> ports) {
    return ports.stream().filter(port -> port.getName() != null).toList();
  }

  /** Which key of the files Secret holds which file: stable for a given set of paths. */
  record FileKeys(Map<String, String> byPath) {
    static FileKeys of(ContainerPart part) {
      TreeSet<String> paths = new TreeSet<>(part.files().keySet());
      paths.addAll(part.base64Files().keySet());
      Map<String, String> keys = new LinkedHashMap<>();
      int index = 0;
      for (String path : paths) {
        String base = path.substring(path.lastIndexOf('/') + 1).replaceAll("[^-._a-zA-Z0-9]", "_");
        keys.put(path, "f" + index++ + "-" + base);
      }
      return new FileKeys(keys);
    }

    List<String> paths() {
      return List.copyOf(byPath.keySet());
    }

    String key(String path) {
      return Optional.ofNullable(byPath.get(path))
          .orElseThrow(() -> new IllegalArgumentException("no file " + path));
    }
  }
}
