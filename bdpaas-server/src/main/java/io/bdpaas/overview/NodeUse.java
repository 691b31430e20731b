package io.bdpaas.overview;

import io.bdpaas.backend.NodeState;
import io.bdpaas.cluster.ClusterId;
import io.bdpaas.tenancy.UserId;

/**
 * What one node of a cluster used at the last sample: cores (CPU time over wall time since the
 * sample before) and resident memory.
 */
public record NodeUse(
    ClusterId cluster,
    UserId owner,
    String node,
    String role,
    NodeState state,
    double cores,
    long memoryBytes) {}
