package io.bdpaas.job;

import static java.util.Objects.requireNonNull;

import io.bdpaas.cluster.ClusterSummary;
import io.bdpaas.engine.EngineSecret;
import io.bdpaas.engineui.EngineUiRoutes;
import io.bdpaas.project.ProjectService;
import io.bdpaas.tenancy.Caller;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * A running job's driver UI through the platform, where the Spark master's UI links to it ({@code
 * /proxy/<app id>/}). The master's own reverse proxy would present the cluster's bearer, which a
 * run's driver refuses: its UI is behind a key of the run's own. Each driver is told the same path
 * ({@code spark.ui.reverseProxyUrl}), so its links and redirects stay under it.
 */
@Component
class JobDriverUiRoutes implements EngineUiRoutes {
  private static final Pattern DRIVER_PATH = Pattern.compile("^/proxy/(app-[0-9]+-[0-9]+)(/.*)?$");

  private final JobRunStore runs;
  private final ProjectService projects;
  private final RunSparkDetails details;

  /** Application id → the run whose driver it is, as found last (a run's id never changes). */
  private final Map<String, JobRunId> known =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, JobRunId> eldest) {
              return size() > 256;
            }
          });

  JobDriverUiRoutes(JobRunStore runs, ProjectService projects, RunSparkDetails details) {
    this.runs = requireNonNull(runs, "runs is null");
    this.projects = requireNonNull(projects, "projects is null");
    this.details = requireNonNull(details, "details is null");
  }

  @Override
  public Optional<Route> route(Caller caller, ClusterSummary cluster, String path) {
    Matcher driver = DRIVER_PATH.matcher(path);
    if (!driver.matches()) {
      return Optional.empty();
    }
    String application = driver.group(1);
    String rest = driver.group(2) == null ? "/" : driver.group(2);
    Optional<JobRun> run =
        Optional.ofNullable(known.get(application))
            .flatMap(runs::findForReconciler)
            .filter(found -> runsOn(caller, found, cluster))
            .or(() -> find(caller, cluster, application));
    return run.filter(found -> found.driverUi().isPresent() && found.driverUiKey().isPresent())
        .map(
            found ->
                new Route(
                    "/proxy/" + application,
                    URI.create(found.driverUi().get()),
                    new EngineSecret(found.driverUiKey().get(), "").bearer(),
                    rest));
  }

  /** The active run on this cluster whose driver runs {@code application}; asks each driver. */
  private Optional<JobRun> find(Caller caller, ClusterSummary cluster, String application) {
    for (JobRunId id : runs.activeForReconciler()) {
      Optional<JobRun> run =
          runs.findForReconciler(id)
              .filter(found -> found.driverUi().isPresent())
              .filter(found -> runsOn(caller, found, cluster));
      if (run.isPresent()
          && details.applicationId(run.get()).filter(application::equals).isPresent()) {
        known.put(application, id);
        return run;
      }
    }
    return Optional.empty();
  }

  private boolean runsOn(Caller caller, JobRun run, ClusterSummary cluster) {
    try {
      return projects
          .get(caller, run.projectId())
          .clusterId()
          .filter(id -> Objects.equals(id, cluster.id()))
          .isPresent();
    } catch (RuntimeException e) {
      return false; // not the caller's project, or gone
    }
  }
}
