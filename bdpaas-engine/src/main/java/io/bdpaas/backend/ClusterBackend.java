package io.bdpaas.backend;

import io.bdpaas.engine.EngineAddresses;
import io.bdpaas.engine.ProbeResult;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where cluster nodes run: the port between the control plane and a backend (local processes or
 * Kubernetes pods). Plain Java and backend-neutral: node ids, placements, rendered parts,
 * observations and log streams, never a file path, a process or a pod.
 *
 * <p>Every operation is idempotent, so a reconciler may repeat it after a crash. Implementations
 * are thread-safe: many clusters are reconciled in parallel. Node events (a node started, exited,
 * was restarted) reach the {@link NodeEventListener} the backend was created with.
 */
public interface ClusterBackend extends AutoCloseable {

  /** The part of a product template this backend runs; templates are validated for it. */
  TemplatePart requiredPart();

  /**
   * Places nodes before their template is rendered: host, ports and working location. A node that
   * already has a placement keeps it (a port name it lacks is added, none is ever taken away), so
   * placing again after a crash or for a resize gives the same answer for the nodes that exist.
   *
   * @throws PlacementUnavailableException when there is no room now (worth waiting for)
   */
  List<NodePlacement> place(Collection<PlacementRequest> requests);

  /** How far this backend keeps tenants apart, for administrators. */
  Isolation isolation();

  /** Why this backend cannot run a node (its part is missing, its runtime is not installed). */
  Optional<String> cannotRun(NodeDefinition node);

  /**
   * Starts the node unless it runs (or adopts it when an earlier control plane started it).
   *
   * @throws NodeStartException when the node itself cannot be started; any other exception means
   *     the backend is unavailable and the call is worth repeating
   */
  NodeObservation ensureRunning(NodeDefinition node);

  /**
   * What is observed of a node now, with its CPU and memory use; empty when the backend does not
   * run it.
   */
  Optional<NodeObservation> observe(NodeId node);

  /**
   * Only the node's lifecycle state, cheap enough for every reconcile step; empty when the backend
   * does not run it.
   */
  Optional<NodeState> state(NodeId node);

  /**
   * Replaces one of a running node's files (one its definition declares) without restarting it, for
   * settings the node reads again by itself, such as a log configuration it watches. Only the
   * running node changes: its next start writes the file of its definition again, so a caller that
   * wants the change to outlive a restart applies it again then.
   *
   * @throws IllegalArgumentException when the node's definition has no such file
   * @throws IllegalStateException when the node does not run (nothing is written)
   */
  void rewriteFile(NodeDefinition node, String path, String content);

  /**
   * Where the control plane connects to reach the addresses its nodes publish (their endpoints):
   * directly unless the backend's nodes live on a network the control plane is not on.
   */
  default EngineAddresses addresses() {
    return EngineAddresses.DIRECT;
  }

  /** Runs a group's readiness check once (ready when there is none); never blocks long. */
  ProbeResult probe(Optional<Readiness> readiness);

  /** Stops one node, waits until nothing of it runs, and gives back its placement. */
  void stop(NodeId node);

  /**
   * Stops every node of a cluster and everything they started, waits until nothing runs, and gives
   * back every placement of the cluster.
   */
  void delete(String clusterId);

  /**
   * Removes what a deleted cluster leaves behind (its working area: data and logs) once it is
   * destroyed for good. A failed cluster keeps it until then, so that its owner can read why.
   */
  default void removeLeftovers(String clusterId) {}

  /**
   * Makes sure one of a tenant's storage areas exists, private to that tenant's nodes, and answers
   * how nodes reach it (a folder on the local backend). A storage area holds what outlives any one
   * cluster, such as a project's tables and files, until {@link #deleteStorage}. Idempotent.
   *
   * @param name 1 to 63 lower-case letters, digits or '-', unique per tenant
   */
  String ensureStorage(String tenant, String name);

  /** Deletes a storage area and everything in it; nothing happens when there is none. */
  void deleteStorage(String tenant, String name);

  /**
   * The files of a storage area, such as those uploaded to a project. Cheap: nothing is touched
   * until one of its operations is called, and writing needs {@link #ensureStorage} first.
   */
  StorageFiles storageFiles(String tenant, String name);

  /**
   * At start-up: takes over the nodes of active clusters that still run, keeps their placements,
   * and stops whatever runs for clusters not in {@code active}. A node that cannot be taken over
   * (its definition is invalid) is stopped and left to the reconciler; it never stops recovery.
   *
   * @param active the nodes of every cluster that should be running, by cluster id
   */
  RecoveryReport recover(Map<String, List<NodeDefinition>> active);

  /** The last lines of a node's log stream (empty when there is none yet). */
  List<String> tail(NodeId node, LogStream stream, int lines);

  /** A node's whole log stream, for download; empty when there is none. */
  Optional<InputStream> openLog(NodeId node, LogStream stream);

  /** Stops observing; what runs keeps running, for the next control plane to recover. */
  @Override
  void close();
}
