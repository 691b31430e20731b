package io.bdpaas.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.api.Problem;
import org.junit.jupiter.api.Test;

class QuotaTest {

  @Test
  void quotaCheckNamesEveryBadField() {
    assertThat(Quota.check("quota", -1, null, 3))
        .extracting(Problem::field)
        .containsExactly("quota.cores", "quota.memoryMb");
  }
}
