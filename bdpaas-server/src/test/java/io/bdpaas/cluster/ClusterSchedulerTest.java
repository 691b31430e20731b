package io.bdpaas.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.account.Quota;
import org.junit.jupiter.api.Test;

class ClusterSchedulerTest {
  private static final Quota QUOTA = new Quota(4, 8192, 5);
  private static final ClusterStore.Usage NONE = new ClusterStore.Usage(0, 0, 0);

  @Test
  void admitsWhatFits() {
    assertThat(ClusterScheduler.decide(2500, 3648, 8000, 16000, QUOTA, NONE, NONE))
        .isInstanceOf(ClusterScheduler.Decision.Admit.class);
  }

  @Test
  void waitsWhenTheOwnersOtherClustersHoldTheQuota() {
    ClusterScheduler.Decision decision =
        ClusterScheduler.decide(
            2500,
            1000,
            8000,
            16000,
            QUOTA,
            new ClusterStore.Usage(2500, 1000, 1),
            new ClusterStore.Usage(2500, 1000, 1));

    assertThat(decision).isInstanceOf(ClusterScheduler.Decision.Wait.class);
    assertThat(((ClusterScheduler.Decision.Wait) decision).reason())
        .startsWith("waiting for quota")
        .contains("2.5 of 4 cores");
  }

  @Test
  void waitsWhenThePlatformIsFull() {
    ClusterScheduler.Decision decision =
        ClusterScheduler.decide(
            1000, 1000, 2000, 16000, QUOTA, new ClusterStore.Usage(1500, 100, 2), NONE);

    assertThat(((ClusterScheduler.Decision.Wait) decision).reason())
        .startsWith("waiting for capacity")
        .contains("1.5 of 2 cores");
  }

  @Test
  void failsWhatCanNeverFitSayingWhy() {
    assertThat(
            ((ClusterScheduler.Decision.Never)
                    ClusterScheduler.decide(5000, 100, 8000, 16000, QUOTA, NONE, NONE))
                .reason())
        .isEqualTo("needs 5 cores but the owner's quota is 4 cores");
    assertThat(
            ((ClusterScheduler.Decision.Never)
                    ClusterScheduler.decide(100, 9000, 8000, 16000, QUOTA, NONE, NONE))
                .reason())
        .isEqualTo("needs 9000 MiB but the owner's quota is 8192 MiB");
    assertThat(
            ((ClusterScheduler.Decision.Never)
                    ClusterScheduler.decide(3000, 100, 2500, 16000, QUOTA, NONE, NONE))
                .reason())
        .isEqualTo("needs 3 cores but the platform has 2.5 in all");
  }
}
