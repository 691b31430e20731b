package io.bdpaas.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.api.Problem;
import io.bdpaas.engine.spark.SparkDriverInfo;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobDefinitionTest {

  private static List<String> fields(List<Problem> problems) {
    return problems.stream().map(Problem::field).toList();
  }

  @Test
  void aJarJobNamesEveryProblem() {
    JobDefinition definition =
        new JobDefinition(
            "jar",
            "job.csv",
            "not a class",
            List.of("a"),
            "SELECT 1",
            null,
            new SparkSettings(0, 100, 1, 512, null, Map.of("spark.master", "local", "x", "y")));
    assertThat(fields(definition.problems()))
        .contains(
            "jar",
            "mainClass",
            "sql",
            "spark.driverCores",
            "spark.driverMemoryMb",
            "spark.conf.spark.master",
            "spark.conf.x");
  }

  @Test
  void theSettingsThePlatformOwnsAreRefusedWhateverTheirCase() {
    SparkSettings settings =
        new SparkSettings(
            null,
            null,
            null,
            null,
            null,
            Map.of(
                "spark.Authenticate.secret", "x",
                "spark.ui.filters", "x",
                "spark.executorEnv.PATH", "x",
                "spark.sql.shuffle.partitions", "8"));
    assertThat(fields(settings.problems("")))
        .containsExactlyInAnyOrder(
            "conf.spark.Authenticate.secret",
            "conf.spark.ui.filters",
            "conf.spark.executorEnv.PATH");
  }

  @Test
  void aGoodJarJobHasNoProblemAndItsDefaults() {
    JobDefinition definition =
        new JobDefinition("jar", "job.jar", "org.example.Main", null, null, null, null);
    assertThat(definition.problems()).isEmpty();
    assertThat(definition.spark().driverCores()).isEqualTo(1);
    assertThat(definition.spark().maxCores()).isEqualTo(1);
    assertThat(definition.arguments()).isEmpty();
  }

  @Test
  void aRunSubmittedBeforeACrashIsReAttachedToItsDriverNotSubmittedTwice() {
    Instant submitting = Instant.parse("2026-12-02T08:00:00.500Z");
    long at = submitting.toEpochMilli();
    List<SparkDriverInfo> drivers =
        List.of(
            new SparkDriverInfo("driver-old", "FINISHED", "a.Main", at - 60_000, "w"),
            new SparkDriverInfo("driver-other-class", "RUNNING", "b.Main", at + 100, "w"),
            new SparkDriverInfo("driver-claimed", "RUNNING", "a.Main", at + 50, "w"),
            new SparkDriverInfo("driver-ours", "RUNNING", "a.Main", at - 400, "w"),
            new SparkDriverInfo("driver-later", "SUBMITTED", "a.Main", at + 5_000, "w"));
    assertThat(
            JobRunReconciler.adoptable(
                drivers, "a.Main", submitting, driver -> driver.equals("driver-claimed")))
        .hasValue("driver-ours");
    assertThat(JobRunReconciler.adoptable(drivers, "c.Main", submitting, driver -> false))
        .isEmpty();
  }

  @Test
  void aJobMustFitBesideTheConnectServer() {
    Project project =
        new Project(
            new ProjectId("p-abcdefgh"),
            new UserId(1),
            "p",
            Project.Kind.SPARK,
            "",
            new Project.Size(1, 3, 1536, 1),
            "token",
            Optional.empty(),
            true,
            Instant.EPOCH,
            Instant.EPOCH);
    assertThat(JobService.fits(project, SparkSettings.defaults())).isEmpty();
    assertThat(
            JobService.fits(project, new SparkSettings(1, 512, 2, 512, 2, Map.of()))
                .get(0)
                .message())
        .contains("needs 3 cores", "offers 2 to batch jobs");
    assertThat(JobService.fits(project, new SparkSettings(1, 4096, 1, 512, 1, Map.of())))
        .hasSize(1);
  }
}
