package io.bdpaas.project;

import io.bdpaas.account.UserDisabled;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.cluster.ClusterId;
import io.bdpaas.cluster.ClusterService;
import io.bdpaas.cluster.ClusterStatus;
import io.bdpaas.cluster.ClusterSummary;
import io.bdpaas.tenancy.Caller;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * When an administrator disables a user, stops what the user runs and deletes nothing: each running
 * project is stopped (its storage, notebooks, jobs, packages and savepoints stay; its applications
 * end as when its owner stops it), and the user's other clusters are destroyed. An administrator
 * can start the projects again once the user is enabled.
 */
@Component
class DisabledUserShutdown {
  private static final Logger log = LoggerFactory.getLogger(DisabledUserShutdown.class);
  private static final int PAGE = PageRequest.MAX_SIZE;

  private final ProjectService projects;
  private final ClusterService clusters;

  DisabledUserShutdown(ProjectService projects, ClusterService clusters) {
    this.projects = projects;
    this.clusters = clusters;
  }

  /** After the disabling is committed, each stop on its own (one failing stops no other). */
  @TransactionalEventListener
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  void onUserDisabled(UserDisabled disabled) {
    Caller admin = disabled.by();
    int stopped = 0;
    Set<ClusterId> projectClusters = new HashSet<>();
    for (int page = 0; ; page++) {
      Page<Project> owned =
          projects.listOwnedBy(admin, disabled.user().id(), new PageRequest(page, PAGE));
      for (Project project : owned.items()) {
        project.clusterId().ifPresent(projectClusters::add);
        if (project.running()) {
          try {
            projects.stop(admin, project.id());
            stopped++;
          } catch (RuntimeException e) {
            log.warn("[project {}] not stopped: {}", project.id(), e.toString());
          }
        }
      }
      if ((long) (page + 1) * PAGE >= owned.totalItems()) {
        break;
      }
    }
    int destroyed = 0;
    ClusterService.Filter ownedClusters =
        new ClusterService.Filter(
            Optional.of(disabled.user().id()),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    for (int page = 0; ; page++) {
      Page<ClusterSummary> owned = clusters.list(admin, ownedClusters, new PageRequest(page, PAGE));
      for (ClusterSummary cluster : owned.items()) {
        if (cluster.status() != ClusterStatus.DESTROYED
            && !projectClusters.contains(cluster.id())) {
          try {
            clusters.destroy(admin, cluster.id());
            destroyed++;
          } catch (RuntimeException e) {
            log.warn("[cluster {}] not destroyed: {}", cluster.id(), e.toString());
          }
        }
      }
      if ((long) (page + 1) * PAGE >= owned.totalItems()) {
        break;
      }
    }
    log.info(
        "[user {}] disabled by {}: {} project(s) stopped, {} other cluster(s) destroyed",
        disabled.user().username(),
        admin.username(),
        stopped,
        destroyed);
  }
}
