package io.bdpaas.cluster;

import io.bdpaas.tenancy.ChangeWaiters;
import org.springframework.stereotype.Component;

/**
 * Clients waiting for a cluster to change ({@code GET /api/v1/clusters/{id}?until=ready}). Every
 * event recorded for a cluster (a status transition, a step, a node's event, a resize) calls {@link
 * #changed}.
 */
@Component
public class ClusterWatch extends ChangeWaiters<ClusterId> {
  public ClusterWatch() {
    super("clusters");
  }
}
