package io.bdpaas.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.backend.NodeId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CpuTimesTest {
  private final CpuTimes times = new CpuTimes();
  private final NodeId node = new NodeId("c-12345678", "worker-0");
  private final Instant start = Instant.parse("2026-12-03T02:00:00Z");

  @Test
  void cpuTimeIsTheRateSummedOverTimeSoThatItsDifferencesGiveTheCoresUsed() {
    assertThat(times.add(node, 0.5, start)).isEqualTo(Duration.ZERO);
    // Half a core for 10 s, then a rise to 1.5 cores over the next 10 s (1 core on average).
    assertThat(times.add(node, 0.5, start.plusSeconds(10))).isEqualTo(Duration.ofSeconds(5));
    assertThat(times.add(node, 1.5, start.plusSeconds(20))).isEqualTo(Duration.ofSeconds(15));
    // A reading no later than the last one adds nothing.
    assertThat(times.add(node, 4.0, start.plusSeconds(20))).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void aStoppedNodeOrADeletedClusterStartsAgainFromZero() {
    times.add(node, 1, start);
    times.add(node, 1, start.plusSeconds(10));
    times.forget(node);
    assertThat(times.add(node, 1, start.plusSeconds(20))).isEqualTo(Duration.ZERO);
    times.add(node, 1, start.plusSeconds(30));
    times.forgetCluster("c-12345678");
    assertThat(times.add(node, 1, start.plusSeconds(40))).isEqualTo(Duration.ZERO);
  }
}
