package io.bdpaas.notebook;

import io.bdpaas.cluster.ClusterId;
import io.bdpaas.cluster.ClusterStatus;
import io.bdpaas.cluster.ClusterSummary;
import io.bdpaas.engine.EngineAddresses;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectId;
import io.bdpaas.project.ProjectService;
import io.bdpaas.project.ProjectViews;
import io.bdpaas.tenancy.Caller;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.connect.SparkSession;
import org.apache.spark.sql.connect.client.RetryPolicy;
import org.apache.spark.sql.connect.client.RetryPolicy$;
import org.apache.spark.sql.connect.client.SparkConnectClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import scala.Option;
import scala.concurrent.duration.FiniteDuration;

/**
 * The platform's own Spark Connect session on each running project, through which notebooks run
 * their paragraphs: one per project and cluster, made on first use with the project's token, and
 * replaced when the project runs on another cluster or its token changes.
 */
@Component
public class ConnectSessions implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(ConnectSessions.class);

  private final ProjectService projects;
  private final Map<ProjectId, Held> sessions = new ConcurrentHashMap<>();

  private final EngineAddresses addresses;

  public ConnectSessions(ProjectService projects, EngineAddresses addresses) {
    this.projects = projects;
    this.addresses = addresses;
  }

  /** Where a project's Connect server answers, on which cluster, with which token. */
  public record Target(
      ProjectId project, ClusterId cluster, String url, String token, Optional<String> uiUrl) {
    @Override
    public String toString() {
      return project + " on " + cluster + " at " + url; // never the token
    }
  }

  /** Whether a project can run statements now, and if not, why. */
  public sealed interface Availability {
    /** Its Connect server is up. */
    record Ready(Target target) implements Availability {}

    /** Its cluster is on its way: worth waiting for. */
    record Starting(String why) implements Availability {}

    /** Nothing will run until someone acts. */
    record Unavailable(String why) implements Availability {}
  }

  public Availability availability(Caller caller, ProjectId id) {
    Project project = projects.get(caller, id, Project.Kind.SPARK, "Spark SQL sessions");
    if (!project.running()) {
      return new Availability.Unavailable(
          "the project " + project.name() + " is stopped: start it, then run again");
    }
    Optional<ClusterSummary> cluster = projects.clusterSummary(caller, project);
    if (cluster.isEmpty()) {
      return new Availability.Unavailable("the project " + project.name() + " has no cluster");
    }
    ClusterStatus status = cluster.get().status();
    String endpoint = cluster.get().endpoints().get("connect");
    if (status == ClusterStatus.READY && endpoint != null) {
      return new Availability.Ready(
          new Target(
              project.id(),
              cluster.get().id(),
              ProjectViews.clientAddress(endpoint),
              project.clientToken(),
              Optional.ofNullable(cluster.get().endpoints().get("connectUi"))));
    }
    if (status == ClusterStatus.FAILED || status == ClusterStatus.DESTROYED) {
      return new Availability.Unavailable(
          "the project's cluster "
              + cluster.get().id()
              + " is "
              + status.wireName()
              + cluster.get().reason().map(reason -> " (" + reason + ")").orElse("")
              + ": stop and start the project");
    }
    return new Availability.Starting(
        "waiting for the project's cluster " + cluster.get().id() + " (" + status.wireName() + ")");
  }

  /** The session on the target, made now if there is none for it. */
  public SparkSession session(Target target) {
    Held held =
        sessions.compute(
            target.project(),
            (project, current) -> {
              if (current != null && current.target().equals(target)) {
                return current;
              }
              if (current != null) {
                close(current);
              }
              log.info("[project {}] Spark Connect session for notebooks: {}", project, target);
              return new Held(target, connect(target));
            });
    return held.session();
  }

  /** The session on the target if there is one (to interrupt what runs on it). */
  public Optional<SparkSession> existing(ProjectId project) {
    return Optional.ofNullable(sessions.get(project)).map(Held::session);
  }

  /** Drops the project's session, e.g. when the engine says it no longer knows it. */
  public void forget(ProjectId project) {
    Held held = sessions.remove(project);
    if (held != null) {
      close(held);
    }
  }

  private SparkSession connect(Target target) {
    SparkConnectClient client =
        SparkConnectClient.builder()
            .connectionString(
                reached(target.url(), addresses)
                    + "/;token="
                    + target.token()
                    + ";user_id=bdpaas-notebooks")
            .retryPolicy(QUICK_RETRIES)
            .build();
    return SparkSession.builder().client(client).create();
  }

  /**
   * {@code sc://host:port} as the control plane reaches it (e.g. through a port-forward), written
   * as the client needs it: a loopback address as {@code localhost}, or the client would switch to
   * TLS.
   */
  static String reached(String url, EngineAddresses addresses) {
    URI address = URI.create(url);
    if (address.getHost() == null || address.getPort() == -1) {
      return url;
    }
    InetSocketAddress to = addresses.reach(address.getHost(), address.getPort());
    return ProjectViews.clientAddress("sc://" + to.getHostString() + ":" + to.getPort());
  }

  /**
   * Retries of an unavailable server for about 3 s, not the client's default of about 10 minutes:
   * the platform knows when a project's cluster is gone, and a run should say so promptly.
   */
  private static final RetryPolicy QUICK_RETRIES = quickRetries();

  private static RetryPolicy quickRetries() {
    RetryPolicy base = RetryPolicy$.MODULE$.defaultPolicy();
    return base.copy(
        Option.apply((Object) 5),
        FiniteDuration.apply(100, TimeUnit.MILLISECONDS),
        Option.apply(FiniteDuration.apply(2, TimeUnit.SECONDS)),
        2.0,
        base.jitter(),
        base.minJitterThreshold(),
        base.canRetry(),
        "bdpaas-quick",
        base.recognizeServerRetryDelay(),
        Option.apply(FiniteDuration.apply(2, TimeUnit.SECONDS)));
  }

  /**
   * Closes in the background: closing asks the server to release the session, which waits for
   * retries when the server is gone, and the client asks for Spark ML classes it does not ship
   * while doing so (see ENGINES.md). The session is dropped either way.
   */
  private static void close(Held held) {
    Thread closer =
        new Thread(
            () -> {
              try {
                held.session().close();
              } catch (RuntimeException | LinkageError e) {
                log.debug("closing the Connect session of {}: {}", held.target(), e.toString());
              }
            },
            "bdpaas-connect-close");
    closer.setDaemon(true);
    closer.start();
  }

  @Override
  public void destroy() {
    sessions.values().forEach(ConnectSessions::close);
    sessions.clear();
  }

  private record Held(Target target, SparkSession session) {}
}
