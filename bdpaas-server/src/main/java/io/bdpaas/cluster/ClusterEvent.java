package io.bdpaas.cluster;

import java.time.Instant;

/** Something that happened to a cluster or one of its nodes, shown in its event stream. */
public record ClusterEvent(
    long id, String clusterId, Instant time, String type, String node, String message) {}
