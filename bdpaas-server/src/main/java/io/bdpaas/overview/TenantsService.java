package io.bdpaas.overview;

import io.bdpaas.account.User;
import io.bdpaas.account.UserStore;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.cluster.ClusterStore;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectService;
import io.bdpaas.storage.ProjectFilesService;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.UserId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Every user as a tenant of the platform, for administrators: their projects (and how many run),
 * clusters and nodes, cores and memory allocated and in use against their quota, and the space
 * their projects' files take.
 */
@Service
public class TenantsService {
  private final UserStore users;
  private final ProjectService projects;
  private final ProjectFilesService files;
  private final ClusterStore clusters;
  private final NodeUsageSampler usage;

  public TenantsService(
      UserStore users,
      ProjectService projects,
      ProjectFilesService files,
      ClusterStore clusters,
      NodeUsageSampler usage) {
    this.users = users;
    this.projects = projects;
    this.files = files;
    this.clusters = clusters;
    this.usage = usage;
  }

  /** One user and what they hold and use. */
  public record Tenant(
      long id,
      String username,
      String role,
      boolean enabled,
      int quotaCores,
      int quotaMemoryMb,
      int quotaProjects,
      long projects,
      long runningProjects,
      long clusters,
      int nodes,
      double allocatedCores,
      long allocatedMemoryMb,
      double usedCores,
      long usedMemoryMb,
      long storageBytes) {}

  public Page<Tenant> list(Caller caller, PageRequest page) {
    if (!caller.isAdmin()) {
      throw new BdpaasException(ErrorCode.ACCESS_DENIED, "only administrators see every tenant");
    }
    Map<UserId, ClusterStore.Usage> allocated = clusters.usageByOwner();
    NodeUsageSampler.Snapshot snapshot = usage.latest();
    return users.list(page).map(user -> tenant(caller, user, allocated, snapshot));
  }

  private Tenant tenant(
      Caller admin,
      User user,
      Map<UserId, ClusterStore.Usage> allocated,
      NodeUsageSampler.Snapshot snapshot) {
    long owned = 0;
    long running = 0;
    long storage = 0;
    for (int pageNumber = 0; ; pageNumber++) {
      Page<Project> page =
          projects.listOwnedBy(admin, user.id(), new PageRequest(pageNumber, PageRequest.MAX_SIZE));
      for (Project project : page.items()) {
        owned++;
        running += project.running() ? 1 : 0;
        storage += files.usedBytes(project);
      }
      if ((long) (pageNumber + 1) * PageRequest.MAX_SIZE >= page.totalItems()) {
        break;
      }
    }
    ClusterStore.Usage held = allocated.getOrDefault(user.id(), new ClusterStore.Usage(0, 0, 0));
    NodeUsageSampler.Peak used = snapshot.total(Optional.of(user.id()));
    int nodes =
        (int) snapshot.nodes().stream().filter(node -> node.owner().equals(user.id())).count();
    return new Tenant(
        user.id().value(),
        user.username(),
        user.role().name().toLowerCase(Locale.ROOT),
        user.enabled(),
        user.quota().cores(),
        user.quota().memoryMb(),
        user.quota().projects(),
        owned,
        running,
        held.clusters(),
        nodes,
        held.milliCores() / 1000.0,
        held.memoryMb(),
        Math.round(used.cores() * 100) / 100.0,
        used.memoryBytes() / (1024 * 1024),
        storage);
  }
}
