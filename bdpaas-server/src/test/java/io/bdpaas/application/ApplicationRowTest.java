package io.bdpaas.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a row of the all-applications list links to, without a server. */
class ApplicationRowTest {
  @Test
  void aRunningStreamingApplicationLinksToItsJobInTheFlinkDashboard() {
    assertThat(row(ApplicationRow.Kind.STREAMING, ApplicationRow.Phase.RUNNING).engineUiPath())
        .contains("/clusters/c-12345678/ui/#/job/running/0123abcd/overview");
    assertThat(row(ApplicationRow.Kind.STREAMING, ApplicationRow.Phase.RUNNING).consolePath())
        .isEqualTo("/projects/p-12345678/applications/x-1");
  }

  @Test
  void aRunningSparkRunLinksToTheMastersUi() {
    assertThat(row(ApplicationRow.Kind.SPARK, ApplicationRow.Phase.RUNNING).engineUiPath())
        .contains("/clusters/c-12345678/ui/");
  }

  @Test
  void onlyARunningApplicationHasAnEngineUi() {
    for (ApplicationRow.Phase phase : ApplicationRow.Phase.values()) {
      if (phase != ApplicationRow.Phase.RUNNING) {
        assertThat(row(ApplicationRow.Kind.STREAMING, phase).engineUiPath())
            .as(phase.name())
            .isEmpty();
      }
    }
  }

  private static ApplicationRow row(ApplicationRow.Kind kind, ApplicationRow.Phase phase) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    return new ApplicationRow(
        "x-1",
        kind,
        new UserId(1),
        "alice",
        new ProjectId("p-12345678"),
        "sales",
        "wordcount",
        "wordcount-demo @ 1.0.0",
        "RUNNING",
        phase,
        Optional.empty(),
        now,
        Optional.of(now),
        Optional.empty(),
        Optional.of("c-12345678"),
        kind == ApplicationRow.Kind.STREAMING ? Optional.of("0123abcd") : Optional.empty());
  }
}
