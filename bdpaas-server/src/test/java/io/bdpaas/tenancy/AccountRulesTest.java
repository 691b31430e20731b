package io.bdpaas.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.api.Problem;
import org.junit.jupiter.api.Test;

class AccountRulesTest {

  @Test
  void acceptsOrdinaryNames() {
    assertThat(AccountRules.checkUsername("username", "alice")).isEmpty();
    assertThat(AccountRules.checkUsername("username", "data-team-2")).isEmpty();
  }

  @Test
  void rejectsNamesThatCouldNotBeANamespace() {
    assertThat(AccountRules.checkUsername("username", "Alice")).hasSize(1);
    assertThat(AccountRules.checkUsername("username", "9lives")).hasSize(1);
    assertThat(AccountRules.checkUsername("username", "a")).hasSize(1);
    assertThat(AccountRules.checkUsername("username", "../etc")).hasSize(1);
    assertThat(AccountRules.checkUsername("username", ""))
        .containsExactly(Problem.of("username", "is required"));
  }

  @Test
  void requiresLongPasswordsWithoutTheUserName() {
    assertThat(AccountRules.checkPassword("password", "correct horse battery", "alice")).isEmpty();
    assertThat(AccountRules.checkPassword("password", "short", "alice"))
        .containsExactly(Problem.of("password", "must be at least 12 characters"));
    assertThat(AccountRules.checkPassword("password", "alice-password-1", "alice"))
        .containsExactly(Problem.of("password", "must not contain the user name"));
  }
}
