package io.bdpaas.project;

import io.bdpaas.account.User;
import io.bdpaas.account.UserStore;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.PrintableText;
import io.bdpaas.api.Problem;
import io.bdpaas.backend.ClusterBackend;
import io.bdpaas.cluster.Cluster;
import io.bdpaas.cluster.ClusterAttachments;
import io.bdpaas.cluster.ClusterService;
import io.bdpaas.cluster.ClusterStatus;
import io.bdpaas.cluster.ClusterSummary;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.UserId;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Projects: a user's workspace on a cluster of its own, of a kind. Creating or starting a Spark
 * project creates a {@code spark} cluster with a Spark Connect server bound to the project's token,
 * a streaming project a {@code flink} session cluster; both work in the project's storage. Stopping
 * destroys the cluster and keeps the storage; deleting destroys both.
 */
@Service
public class ProjectService {
  private static final Logger log = LoggerFactory.getLogger(ProjectService.class);
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final int MAX_DESCRIPTION = 2000;
  private static final int MAX_WORKERS = 16;
  private static final int MAX_WORKER_CORES = 16;
  private static final int MIN_WORKER_MEMORY_MB = 512;
  private static final int MAX_WORKER_MEMORY_MB = 65_536;
  private static final int MIN_TASK_MANAGER_HEAP_MB = 256;
  private static final String SPARK = "spark";
  private static final String SPARK_VERSION = "4.2.0";
  private static final String FLINK = "flink";
  private static final String FLINK_VERSION = "2.3.0";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  private final ProjectStore projects;
  private final ClusterService clusters;
  private final UserStore users;
  private final ClusterBackend backend;
  private final ApplicationEventPublisher events;
  private final SampleDataset sample;

  public ProjectService(
      ProjectStore projects,
      ClusterService clusters,
      UserStore users,
      ClusterBackend backend,
      ApplicationEventPublisher events,
      SampleDataset sample) {
    this.projects = projects;
    this.clusters = clusters;
    this.users = users;
    this.backend = backend;
    this.events = events;
    this.sample = sample;
  }

  /** What a client sends to create a project; absent sizes take their defaults. */
  public record CreateRequest(
      String name,
      String kind,
      String description,
      Integer workers,
      Integer workerCores,
      Integer workerMemoryMb,
      Integer connectCores) {}

  /**
   * Every problem of a create request at once (the console also asks when some of its fields did
   * not even parse, so that the form names all of them).
   */
  public List<Problem> problems(CreateRequest request) {
    List<Problem> problems = new ArrayList<>();
    if (request.name() == null || !NAME.matcher(request.name()).matches()) {
      problems.add(
          Problem.of(
              "name", "must be 1 to 63 lower-case letters, digits or '-', starting with either"));
    }
    Optional<Project.Kind> kind = kindOf(request);
    if (kind.isEmpty()) {
      problems.add(Problem.of("kind", "must be 'spark' or 'streaming'"));
    }
    String description = request.description() == null ? "" : request.description();
    problems.addAll(descriptionProblems(description));
    if (kind.orElse(Project.Kind.SPARK) == Project.Kind.STREAMING) {
      problems.addAll(streamingSizeProblems(request));
    } else {
      problems.addAll(sparkSizeProblems(sizeOf(request)));
    }
    return problems;
  }

  private static List<Problem> sparkSizeProblems(Project.Size size) {
    List<Problem> problems = new ArrayList<>();
    int workers = size.workers();
    int workerCores = size.workerCores();
    if (workers < 1 || workers > MAX_WORKERS) {
      problems.add(Problem.of("workers", "must be between 1 and " + MAX_WORKERS));
    }
    if (workerCores < 1 || workerCores > MAX_WORKER_CORES) {
      problems.add(Problem.of("workerCores", "must be between 1 and " + MAX_WORKER_CORES));
    }
    if (size.workerMemoryMb() < MIN_WORKER_MEMORY_MB
        || size.workerMemoryMb() > MAX_WORKER_MEMORY_MB) {
      problems.add(
          Problem.of(
              "workerMemoryMb",
              "must be between " + MIN_WORKER_MEMORY_MB + " and " + MAX_WORKER_MEMORY_MB));
    }
    if (size.connectCores() < 1 || size.connectCores() > workers * workerCores) {
      problems.add(
          Problem.of(
              "connectCores",
              "must be between 1 and the workers' cores ("
                  + workers * workerCores
                  + "); the Connect server holds them for its whole life"));
    }
    return problems;
  }

  /** A streaming project's workers are TaskManagers, their cores slots, their memory heap. */
  private static List<Problem> streamingSizeProblems(CreateRequest request) {
    List<Problem> problems = new ArrayList<>();
    Project.Size size = sizeOf(request);
    if (size.workers() < 1 || size.workers() > MAX_WORKERS) {
      problems.add(Problem.of("workers", "(TaskManagers) must be between 1 and " + MAX_WORKERS));
    }
    if (size.workerCores() < 1 || size.workerCores() > MAX_WORKER_CORES) {
      problems.add(
          Problem.of(
              "workerCores",
              "(task slots per TaskManager, a core each) must be between 1 and "
                  + MAX_WORKER_CORES));
    }
    if (size.workerMemoryMb() < MIN_TASK_MANAGER_HEAP_MB
        || size.workerMemoryMb() > MAX_WORKER_MEMORY_MB) {
      problems.add(
          Problem.of(
              "workerMemoryMb",
              "(JVM heap per TaskManager) must be between "
                  + MIN_TASK_MANAGER_HEAP_MB
                  + " and "
                  + MAX_WORKER_MEMORY_MB));
    }
    if (request.connectCores() != null && request.connectCores() != 0) {
      problems.add(Problem.of("connectCores", "only Spark projects have a Spark Connect server"));
    }
    return problems;
  }

  public Project create(Caller caller, CreateRequest request) {
    BdpaasException.throwIfAny(problems(request));
    String description = request.description() == null ? "" : request.description();
    User owner =
        users
            .findById(caller.id())
            .orElseThrow(() -> BdpaasException.notFound("User", caller.id()));
    long owned = projects.countOwnedBy(caller.id());
    int allowed = owner.quota().projects();
    if (owned >= allowed) {
      throw new BdpaasException(
          ErrorCode.QUOTA_EXCEEDED,
          "the projects quota of "
              + caller.username()
              + " is "
              + allowed
              + (allowed == 0
                  ? ": ask an administrator for a larger quota"
                  : " and all are used: delete a project first, or ask an administrator"));
    }
    if (projects.nameTaken(caller.id(), request.name())) {
      throw new BdpaasException(
          ErrorCode.ALREADY_EXISTS, "you already have a project named " + request.name());
    }
    Instant now = Timestamps.now();
    Project project =
        new Project(
            ProjectId.random(),
            caller.id(),
            request.name(),
            kindOf(request).orElseThrow(),
            description,
            sizeOf(request),
            newToken(),
            Optional.empty(),
            false,
            now,
            now);
    Cluster cluster = startCluster(caller, project);
    Project created = project.runningOn(cluster.id());
    try {
      projects.insert(created);
    } catch (RuntimeException e) {
      clusters.destroyWithStorage(caller, cluster.id()); // e.g. the same name created meanwhile
      throw e;
    }
    if (created.kind() == Project.Kind.SPARK) {
      sample.addTo(Cluster.tenantOf(created.ownerId()), created);
    }
    events.publishEvent(new ProjectCreated(caller, created));
    log.info(
        "[project {}] created by {}: {} on cluster {}",
        created.id(),
        caller.username(),
        created.name(),
        cluster.id());
    return created;
  }

  public Page<Project> list(Caller caller, PageRequest page) {
    return projects.list(caller, page);
  }

  /** One owner's projects (an admin may ask for anyone's; a user only gets their own). */
  public Page<Project> listOwnedBy(Caller caller, UserId owner, PageRequest page) {
    return projects.list(caller, Optional.of(owner), page);
  }

  public Project get(Caller caller, ProjectId id) {
    return projects.find(caller, id).orElseThrow(() -> BdpaasException.notFound("Project", id));
  }

  /**
   * The project, which must be of {@code kind} for what the caller asks of it ({@code what}, e.g.
   * "notebooks"): a project of another kind answers 409 and says which kind has it.
   */
  public Project get(Caller caller, ProjectId id, Project.Kind kind, String what) {
    Project project = get(caller, id);
    if (project.kind() != kind) {
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          project.name()
              + " is a "
              + project.kind().wireName()
              + " project: "
              + what
              + " belong to "
              + kind.wireName()
              + " projects");
    }
    return project;
  }

  /** The cluster that runs the project now (none while it is stopped). */
  public Optional<Cluster> cluster(Caller caller, Project project) {
    return project.clusterId().flatMap(id -> clusters.find(caller, id));
  }

  /** The same, as lists show it: no plan read (a page of projects reads one per project). */
  public Optional<ClusterSummary> clusterSummary(Caller caller, Project project) {
    return project.clusterId().flatMap(id -> clusters.findSummary(caller, id));
  }

  public Project describe(Caller caller, ProjectId id, String description) {
    BdpaasException.throwIfAny(descriptionProblems(description));
    Project project = get(caller, id);
    projects.updateDescription(caller, project.id(), description);
    return get(caller, id);
  }

  /** Destroys the project's cluster; its storage (tables, files) stays for the next start. */
  public Project stop(Caller caller, ProjectId id) {
    Project project = get(caller, id);
    if (project.running()) {
      project.clusterId().ifPresent(cluster -> clusters.destroy(caller, cluster));
      projects.setCluster(caller, project.id(), project.clusterId(), false);
      log.info("[project {}] stopped by {}", project.id(), caller.username());
    }
    return get(caller, id);
  }

  /**
   * Creates a new cluster for a stopped project, over the same storage and token, once its previous
   * cluster is gone (two Connect servers must never share one metastore): a stop a moment ago is
   * waited for, a few seconds.
   */
  public Project start(Caller caller, ProjectId id) {
    Project project = get(caller, id);
    if (project.running()) {
      return project;
    }
    awaitPreviousClusterDestroyed(caller, project);
    Cluster cluster = startCluster(caller, project);
    projects.setCluster(caller, project.id(), Optional.of(cluster.id()), true);
    log.info(
        "[project {}] started by {} on cluster {}", project.id(), caller.username(), cluster.id());
    return get(caller, id);
  }

  /**
   * Gives the project a new token. The old one stops working once the Connect server restarts: a
   * running project is restarted on a new cluster over the same storage (running statements end).
   */
  public Project rotateToken(Caller caller, ProjectId id) {
    Project project = get(caller, id, Project.Kind.SPARK, "Spark Connect tokens");
    projects.setClientToken(caller, project.id(), newToken());
    if (project.running()) {
      project.clusterId().ifPresent(cluster -> clusters.destroy(caller, cluster));
      projects.setCluster(caller, project.id(), project.clusterId(), false);
      log.info("[project {}] token rotated by {}: restarting", project.id(), caller.username());
      return start(caller, project.id());
    }
    log.info("[project {}] token rotated by {}", project.id(), caller.username());
    return get(caller, id);
  }

  /** Deletes the project: its cluster and its storage, with everything in it. */
  public void delete(Caller caller, ProjectId id) {
    Project project = get(caller, id);
    events.publishEvent(new ProjectDeleting(project.id()));
    Optional<Cluster> cluster = cluster(caller, project);
    if (cluster.isPresent() && cluster.get().status() != ClusterStatus.DESTROYED) {
      clusters.destroyWithStorage(caller, cluster.get().id());
    } else {
      backend.deleteStorage(Cluster.tenantOf(project.ownerId()), project.storage());
    }
    projects.delete(caller, project.id());
    log.info("[project {}] deleted by {}", project.id(), caller.username());
  }

  private void awaitPreviousClusterDestroyed(Caller caller, Project project) {
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    while (cluster(caller, project).map(c -> c.status() != ClusterStatus.DESTROYED).orElse(false)) {
      if (System.nanoTime() > deadline) {
        throw new BdpaasException(
            ErrorCode.CONFLICT,
            "the project's previous cluster "
                + project.clusterId().orElseThrow()
                + " is still being destroyed after "
                + STOP_WAIT.toSeconds()
                + " s: start the project again later");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting project " + project.id(), e);
      }
    }
  }

  /**
   * A Spark project runs a {@code spark} cluster with a Connect server bound to the project's
   * token; a streaming project a {@code flink} session cluster. Both work in the project's storage.
   */
  private Cluster startCluster(Caller caller, Project project) {
    Project.Size size = project.size();
    ObjectNode options = JsonNodeFactory.instance.objectNode();
    ClusterService.CreateRequest request;
    ClusterAttachments attachments;
    if (project.kind() == Project.Kind.STREAMING) {
      options.put("taskmanager.slots", size.workerCores());
      options.put("taskmanager.heap", size.workerMemoryMb());
      request =
          new ClusterService.CreateRequest(
              project.name(), FLINK, FLINK_VERSION, size.workers(), options);
      attachments = new ClusterAttachments(Optional.empty(), Optional.of(project.storage()));
    } else {
      options.put("worker.cores", size.workerCores());
      options.put("worker.memory", size.workerMemoryMb());
      options.put("connect", true);
      options.put("connect.cores", size.connectCores());
      request =
          new ClusterService.CreateRequest(
              project.name(), SPARK, SPARK_VERSION, size.workers(), options);
      attachments =
          new ClusterAttachments(
              Optional.of(project.clientToken()), Optional.of(project.storage()));
    }
    return clusters.create(caller, request, Optional.empty(), attachments);
  }

  private static List<Problem> descriptionProblems(String description) {
    List<Problem> problems = new ArrayList<>();
    if (description == null) {
      problems.add(Problem.of("description", "is required"));
    } else if (description.length() > MAX_DESCRIPTION) {
      problems.add(Problem.of("description", "must be at most " + MAX_DESCRIPTION + " characters"));
    } else if (!description.isEmpty()) {
      problems.addAll(PrintableText.check("description", description.replace("\n", " ")));
    }
    return problems;
  }

  /** The kind asked for; Spark when none is. */
  private static Optional<Project.Kind> kindOf(CreateRequest request) {
    return request.kind() == null
        ? Optional.of(Project.Kind.SPARK)
        : Project.Kind.fromWireName(request.kind());
  }

  /** The requested size, each absent part at its kind's default. */
  private static Project.Size sizeOf(CreateRequest request) {
    Project.Size defaults = Project.Size.defaultOf(kindOf(request).orElse(Project.Kind.SPARK));
    return new Project.Size(
        orDefault(request.workers(), defaults.workers()),
        orDefault(request.workerCores(), defaults.workerCores()),
        orDefault(request.workerMemoryMb(), defaults.workerMemoryMb()),
        orDefault(request.connectCores(), defaults.connectCores()));
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  /** 32 random bytes, URL-safe: what Spark Connect clients present as their bearer token. */
  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
