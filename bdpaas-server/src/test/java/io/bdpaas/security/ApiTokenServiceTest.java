package io.bdpaas.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.bdpaas.account.Quota;
import io.bdpaas.account.UserStore;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.settings.SettingsCatalog;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.Role;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Token hashing, and the per-user token limit over an in-memory H2 database. */
class ApiTokenServiceTest {
  private HikariDataSource dataSource;
  private ApiTokenService service;
  private Caller alice;

  @BeforeEach
  void createDatabase() {
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl("jdbc:h2:mem:tokens-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUsername("sa");
    dataSource.setPassword("");
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    UserStore users = new UserStore(jdbc);
    service =
        new ApiTokenService(
            new ApiTokenStore(jdbc),
            users,
            SettingsCatalog.bind(Map.of("bdpaas.quota.max-api-tokens", "3"), Set.of()).orThrow());
    alice = users.insert("alice", "no-password", Role.USER, new Quota(1, 1024, 1)).asCaller();
  }

  @AfterEach
  void dropDatabase() {
    JdbcClient.create(dataSource).sql("SHUTDOWN").update();
    dataSource.close();
  }

  @Test
  void hashesTokensWithSha256() {
    assertThat(ApiTokenService.hash("bdp_example"))
        .hasSize(64)
        .isEqualTo(ApiTokenService.hash("bdp_example"))
        .isNotEqualTo(ApiTokenService.hash("bdp_example2"));
  }

  @Test
  void aUserCannotHoldMoreTokensThanTheLimit() {
    ApiTokenService.CreatedToken first = service.create(alice, "first", null);
    service.create(alice, "second", 30);
    service.create(alice, "third", null);

    assertThatThrownBy(() -> service.create(alice, "fourth", null))
        .isInstanceOfSatisfying(
            BdpaasException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
              assertThat(e.getMessage())
                  .contains("3 API tokens")
                  .contains("bdpaas.quota.max-api-tokens");
            });

    service.revoke(alice, first.token().id());
    assertThat(service.create(alice, "fourth", null).token().name()).isEqualTo("fourth");
  }
}
