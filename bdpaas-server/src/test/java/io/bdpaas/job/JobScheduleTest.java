package io.bdpaas.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.api.Problem;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobScheduleTest {

  @Test
  void aUnixCronIsReadInItsTimeZone() {
    JobSchedule daily = new JobSchedule("30 2 * * *", "Europe/Zurich", null, null);
    assertThat(daily.problems("schedule.")).isEmpty();
    // 02:30 in Zurich in winter is 01:30 UTC.
    assertThat(daily.next(Instant.parse("2026-12-02T08:00:00Z")))
        .hasValue(Instant.parse("2026-12-03T01:30:00Z"));
    assertThat(daily.upcoming(Instant.parse("2026-12-02T08:00:00Z"), 3))
        .containsExactly(
            Instant.parse("2026-12-03T01:30:00Z"),
            Instant.parse("2026-12-04T01:30:00Z"),
            Instant.parse("2026-12-05T01:30:00Z"));
    assertThat(daily.concurrencyValue()).isEqualTo(JobSchedule.Concurrency.FORBID);
    assertThat(daily.startingDeadline()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void secondsFieldsAndMacrosAreTakenAsTheyAre() {
    assertThat(
            new JobSchedule("*/5 * * * * *", null, "allow", null)
                .next(Instant.parse("2026-12-02T08:00:01Z")))
        .hasValue(Instant.parse("2026-12-02T08:00:05Z"));
    assertThat(
            new JobSchedule("@hourly", null, "replace", null)
                .next(Instant.parse("2026-12-02T08:00:01Z")))
        .hasValue(Instant.parse("2026-12-02T09:00:00Z"));
  }

  @Test
  void everyProblemIsNamed() {
    assertThat(
            new JobSchedule("every day", "Mars/Olympus", "sometimes", 0)
                .problems("schedule.").stream().map(Problem::field))
        .containsExactlyInAnyOrder(
            "schedule.cron",
            "schedule.timeZone",
            "schedule.concurrency",
            "schedule.startingDeadlineSeconds");
  }

  @Test
  void retriesBackOffDoublingUpToAnHour() {
    RunPolicy policy = new RunPolicy(3, 30, null);
    assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofSeconds(120));
    assertThat(new RunPolicy(10, 3000, null).backoffAfter(5)).isEqualTo(Duration.ofHours(1));
    assertThat(policy.timeout()).isEmpty();
    assertThat(new RunPolicy(11, 0, -1).problems("policy.")).hasSize(3);
  }
}
