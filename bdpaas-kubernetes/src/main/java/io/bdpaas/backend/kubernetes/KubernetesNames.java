package io.bdpaas.backend.kubernetes;

import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.NodeId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names and labels of the objects the Kubernetes backend makes, all derived from the tenant,
 * the cluster and the node, so that every object can be found again after a restart without any
 * state of the control plane's own.
 *
 * <ul>
 *   <li>A namespace per tenant, as seed 000 named them: {@code <prefix>--<tenant>--bdpaas-u}.
 *   <li>A StatefulSet of one replica per node, {@code <cluster>-<node>}: each node's rendered
 *       configuration (its files, its address in the others' settings) is its own, as Strimzi's pod
 *       sets manage brokers one by one, while the StatefulSet still gives the pod a stable name and
 *       re-creates it when it is evicted or deleted.
 *   <li>A headless Service per node group, {@code <cluster>-<group>}, which gives each pod the
 *       stable address {@code <pod>.<cluster>-<group>.<namespace>.svc.<domain>}.
 * </ul>
 */
public final class KubernetesNames {
  /** Value of {@code app.kubernetes.io/managed-by} on every object the backend makes. */
  public static final String MANAGER = "bdpaas";

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String TENANT = "bdpaas.io/tenant";
  public static final String CLUSTER = "bdpaas.io/cluster";
  public static final String GROUP = "bdpaas.io/group";
  public static final String NODE = "bdpaas.io/node";
  public static final String ROLE = "bdpaas.io/role";

  /** Marks a namespace as a tenant's, for the NetworkPolicy and for administrators. */
  public static final String TENANT_NAMESPACE = "bdpaas.io/tenant-namespace";

  /** The service account the nodes run as: no token, no role. */
  public static final String NODE_SERVICE_ACCOUNT = "bdpaas-node";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern INDEXED = Pattern.compile("(.+)-[0-9]+");

  /** StatefulSet names are at most 52 characters: the controller adds a revision hash label. */
  private static final int MAX_STATEFUL_SET = 52;

  /** Services, and so the objects named like them, are DNS labels of at most 63 characters. */
  private static final int MAX_LABEL = 63;

  private final String namespacePrefix;
  private final String clusterDomain;

  /**
   * @param namespacePrefix the first part of every tenant namespace's name
   * @param clusterDomain the cluster's DNS domain, {@code cluster.local} unless it was changed
   */
  public KubernetesNames(String namespacePrefix, String clusterDomain) {
    requireNonNull(namespacePrefix, "namespacePrefix is null");
    if (!isDnsLabel(namespacePrefix) || namespacePrefix.length() > 30) {
      throw new IllegalArgumentException(
          "the namespace prefix must be 1 to 30 lower-case letters, digits or '-', starting and"
              + " ending with a letter or digit: '"
              + namespacePrefix
              + "'");
    }
    this.namespacePrefix = namespacePrefix;
    this.clusterDomain = requireNonNull(clusterDomain, "clusterDomain is null");
  }

  /** Whether {@code value} is a DNS-1123 label: what Kubernetes accepts as most names. */
  public static boolean isDnsLabel(String value) {
    return value.length() <= 63 && DNS_LABEL.matcher(value).matches();
  }

  /** The tenant's namespace: {@code <prefix>--<tenant>--bdpaas-u} (a tenant has at most 20). */
  public String namespace(String tenant) {
    return namespacePrefix + "--" + tenant + "--bdpaas-u";
  }

  /** The StatefulSet (and the Secret of files) of one node. */
  public String node(NodeId node) {
    return dnsName(node.clusterId() + "-" + node.nodeName(), MAX_STATEFUL_SET);
  }

  /** The one pod of a node's StatefulSet. */
  public String pod(NodeId node) {
    return node(node) + "-0";
  }

  /** The Secret holding a node's files. */
  public String files(NodeId node) {
    return node(node) + "-files";
  }

  /** The headless Service of a node's group. */
  public String service(NodeId node) {
    return dnsName(node.clusterId() + "-" + group(node), 63);
  }

  /** The object every other object of a cluster is owned by: deleting it deletes the cluster. */
  public String clusterAnchor(String clusterId) {
    return dnsName(clusterId, 63);
  }

  /** The address the other nodes and the control plane reach a node at. */
  public String host(String tenant, NodeId node) {
    return pod(node) + "." + service(node) + "." + namespace(tenant) + ".svc." + clusterDomain;
  }

  /**
   * The pod a host name of {@link #host} names, when it names one in a tenant namespace of this
   * platform; empty for any other name (another namespace's Service, an outside address).
   */
  public Optional<PodName> podOf(String host) {
    String suffix = ".svc." + clusterDomain;
    if (!host.endsWith(suffix)) {
      return Optional.empty();
    }
    String[] parts = host.substring(0, host.length() - suffix.length()).split("\\.", -1);
    if (parts.length != 3
        || !parts[2].startsWith(namespacePrefix + "--")
        || !parts[2].endsWith("--bdpaas-u")
        || parts[0].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PodName(parts[2], parts[0]));
  }

  /** A pod's namespace and name. */
  public record PodName(String namespace, String name) {}

  /**
   * The Service, NetworkPolicy and Ingress that publish one of a node's ports outside the cluster.
   */
  public String exposed(NodeId node, String port) {
    return dnsName(node.clusterId() + "-" + node.nodeName() + "-" + port, MAX_LABEL);
  }

  /** The host name under {@code domain} where one of a node's ports is published. */
  public String externalHost(NodeId node, String port, String domain) {
    return exposed(node, port) + "." + domain;
  }

  /** The file service of a storage area: its StatefulSet, headless Service and NetworkPolicy. */
  public String files(String area) {
    return dnsName("files-" + area, MAX_STATEFUL_SET);
  }

  /** The Secret of a storage area's file service token. */
  public String filesToken(String area) {
    return files(area) + "-token";
  }

  /** The pod of a storage area's file service. */
  public String filesPod(String area) {
    return files(area) + "-0";
  }

  /** The address of a storage area's file service pod, in the tenant's namespace. */
  public String filesHost(String tenant, String area) {
    return filesPod(area) + "." + files(area) + "." + namespace(tenant) + ".svc." + clusterDomain;
  }

  /** The persistent volume claim of a tenant's storage area. */
  public String storageClaim(String storageName) {
    return "storage-" + storageName;
  }

  /**
   * The group a node belongs to: its name without the index the planner gives nodes ({@code
   * worker-1} is in {@code worker}).
   */
  public static String group(NodeId node) {
    var matcher = INDEXED.matcher(node.nodeName());
    return matcher.matches() ? matcher.group(1) : node.nodeName();
  }

  /** The labels of every object of a node. */
  public static Map<String, String> nodeLabels(String tenant, NodeId node, String role) {
    return Map.of(
        MANAGED_BY,
        MANAGER,
        TENANT,
        tenant,
        CLUSTER,
        labelValue(node.clusterId()),
        GROUP,
        labelValue(group(node)),
        NODE,
        labelValue(node.nodeName()),
        ROLE,
        labelValue(role));
  }

  /** The labels that select one node's pod. */
  public static Map<String, String> nodeSelector(NodeId node) {
    return Map.of(CLUSTER, labelValue(node.clusterId()), NODE, labelValue(node.nodeName()));
  }

  /** The labels of a cluster's objects that belong to no node (its group Services, its anchor). */
  public static Map<String, String> clusterLabels(String tenant, String clusterId) {
    return Map.of(MANAGED_BY, MANAGER, TENANT, tenant, CLUSTER, labelValue(clusterId));
  }

  /**
   * A valid label value for {@code value}: node ids are letters, digits, '.', '_' and '-' of at
   * most 63 characters, so only a value ending in something else needs a change.
   */
  static String labelValue(String value) {
    return value.matches(".*[A-Za-z0-9]") ? value : value + "0";
  }

  /**
   * {@code value} as a DNS-1123 label of at most {@code max} characters: lower-cased, other
   * characters replaced by '-'. A name that had to change gets a short hash of the original, so
   * that two node ids never share a name.
   */
  static String dnsName(String value, int max) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.equals(value) && lower.length() <= max && isDnsLabel(lower)) {
      return lower;
    }
    String cleaned = lower.replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
    String hash = shortHash(value);
    int keep = Math.min(cleaned.length(), max - hash.length() - 1);
    String head = cleaned.substring(0, keep).replaceAll("-+$", "");
    return head.isEmpty() ? hash : head + "-" + hash;
  }

  private static String shortHash(String value) {
    return sha256Hex(value, 4);
  }

  /** The first {@code bytes} bytes of the SHA-256 of {@code text}, in hex. */
  static String sha256Hex(String text, int bytes) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
