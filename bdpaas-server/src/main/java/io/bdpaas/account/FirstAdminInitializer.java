package io.bdpaas.account;

import io.bdpaas.settings.BdpaasSettings;
import io.bdpaas.tenancy.Role;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * On the very first start (no account at all), creates the administrator account, with the password
 * from the settings or a random one that is printed once.
 */
@Component
public class FirstAdminInitializer implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(FirstAdminInitializer.class);

  private final UserStore users;
  private final UserService userService;
  private final PasswordEncoder passwordEncoder;
  private final BdpaasSettings settings;

  public FirstAdminInitializer(
      UserStore users,
      UserService userService,
      PasswordEncoder passwordEncoder,
      BdpaasSettings settings) {
    this.users = users;
    this.userService = userService;
    this.passwordEncoder = passwordEncoder;
    this.settings = settings;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (users.count() > 0) {
      return;
    }
    boolean generated = settings.adminPassword().isEmpty();
    String password = settings.adminPassword().orElseGet(FirstAdminInitializer::randomPassword);
    users.insert(
        settings.adminUsername(),
        passwordEncoder.encode(password),
        Role.ADMIN,
        userService.defaultQuota());
    if (generated) {
      // One line each: log messages never span lines (line breaks in them are escaped).
      log.warn("First start: created the administrator account '{}'", settings.adminUsername());
      log.warn("First start: its password is {}", password);
      log.warn("First start: this password is shown only once; change it on the Account page");
    } else {
      log.info(
          "First start: created the administrator account '{}' with the configured password",
          settings.adminUsername());
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
