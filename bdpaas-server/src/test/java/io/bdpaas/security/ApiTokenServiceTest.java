package io.bdpaas.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiTokenServiceTest {

  @Test
  void hashesTokensWithSha256() {
    assertThat(ApiTokenService.hash("bdp_example"))
        .hasSize(64)
        .isEqualTo(ApiTokenService.hash("bdp_example"))
        .isNotEqualTo(ApiTokenService.hash("bdp_example2"));
  }
}
