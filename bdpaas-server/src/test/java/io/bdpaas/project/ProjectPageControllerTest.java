package io.bdpaas.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.bdpaas.cluster.ClusterStatus;
import io.bdpaas.cluster.ClusterSummary;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the project page makes of its cluster, without a server. */
class ProjectPageControllerTest {
  private static final Map<String, String> SPARK_ENDPOINTS =
      Map.of(
          "master", "spark://127.0.0.1:7077",
          "masterUi", "http://127.0.0.1:8080/",
          "restSubmission", "http://127.0.0.1:6066/",
          "connect", "sc://127.0.0.1:15002",
          "connectUi", "http://127.0.0.1:4040/",
          "webUi", "http://127.0.0.1:8080/");

  @Test
  void theEngineUiIsServedByThePlatformUnderTheClustersPath() {
    assertThat(ProjectPageController.engineUis(cluster(ClusterStatus.READY)))
        .extracting(ProjectPageController.EngineUi::key, ProjectPageController.EngineUi::url)
        .containsExactly(tuple("masterUi", "/clusters/c-abcdefgh/ui/"));
    assertThat(ProjectPageController.engineUis(cluster(ClusterStatus.READY)))
        .extracting(ProjectPageController.EngineUi::label)
        .allSatisfy(label -> assertThat(label).startsWith("Spark master"));
  }

  @Test
  void aDestroyedClusterHasNoEngineUisAndNoConnectAddress() {
    ClusterSummary destroyed = cluster(ClusterStatus.DESTROYED);

    assertThat(ProjectPageController.engineUis(destroyed)).isEmpty();
    assertThat(ProjectViews.connectUrl(Optional.of(destroyed))).isEmpty();
    assertThat(ProjectViews.connectUrl(Optional.of(cluster(ClusterStatus.READY))))
        .contains("sc://localhost:15002");
    assertThat(ProjectViews.status(Optional.empty())).isEqualTo("stopped");
  }

  @Test
  void theSizeReadsAsOnePhrase() {
    ProjectPageController.ProjectSummary one = summary(Project.Size.DEFAULT);
    ProjectPageController.ProjectSummary more = summary(new Project.Size(3, 1, 2048, 2));

    assertThat(one.sizeText()).isEqualTo("1 worker × 3 cores, 1536 MB · 1 Connect core");
    assertThat(more.sizeText()).isEqualTo("3 workers × 1 core, 2048 MB · 2 Connect cores");
  }

  private static ProjectPageController.ProjectSummary summary(Project.Size size) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    return new ProjectPageController.ProjectSummary(
        "p-12345678", "sales", "spark", "", size, "ready", null, null, null, true, now, now);
  }

  private static ClusterSummary cluster(ClusterStatus status) {
    return TestClusters.spark(status, SPARK_ENDPOINTS);
  }
}
