package io.bdpaas.account;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.Problem;
import io.bdpaas.settings.BdpaasSettings;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.AccountRules;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.Role;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, changing and listing user accounts. Administrators only, except for one's own. */
@Service
public class UserService {
  private static final Logger log = LoggerFactory.getLogger(UserService.class);

  private final UserStore users;
  private final PasswordEncoder passwordEncoder;
  private final BdpaasSettings settings;
  private final ApplicationEventPublisher events;
  private final SignInLocks locks;

  public UserService(
      UserStore users,
      PasswordEncoder passwordEncoder,
      BdpaasSettings settings,
      ApplicationEventPublisher events,
      SignInLocks locks) {
    this.users = users;
    this.passwordEncoder = passwordEncoder;
    this.settings = settings;
    this.events = events;
    this.locks = locks;
  }

  /** When the sign-in lock on this user ends, if failed sign-ins locked them. */
  public Optional<Instant> lockedUntil(User user) {
    return locks.lockedUntil(user.username());
  }

  /** Lifts the sign-in lock that failed sign-ins put on a user. */
  public User unlock(Caller caller, UserId id) {
    requireAdmin(caller);
    User user = users.findById(id).orElseThrow(() -> BdpaasException.notFound("User", id));
    locks.unlock(user.username());
    log.info("[user {}] sign-in lock lifted by {}", user.username(), caller.username());
    return user;
  }

  public Page<User> list(Caller caller, PageRequest page) {
    requireAdmin(caller);
    return users.list(page);
  }

  public User get(Caller caller, UserId id) {
    if (!caller.canAccess(id)) {
      throw BdpaasException.notFound("User", id);
    }
    return users.findById(id).orElseThrow(() -> BdpaasException.notFound("User", id));
  }

  @Transactional
  public User create(Caller caller, UserRequests.Create request) {
    requireAdmin(caller);
    List<Problem> problems = new ArrayList<>();
    problems.addAll(AccountRules.checkUsername("username", request.username()));
    problems.addAll(AccountRules.checkPassword("password", request.password(), request.username()));
    Quota quota = defaultQuota();
    if (request.quota() != null) {
      problems.addAll(
          Quota.check(
              "quota",
              request.quota().cores(),
              request.quota().memoryMb(),
              request.quota().projects()));
    }
    BdpaasException.throwIfAny(problems);
    if (request.quota() != null) {
      quota =
          new Quota(
              request.quota().cores(), request.quota().memoryMb(), request.quota().projects());
    }
    if (users.findByUsername(request.username()).isPresent()) {
      throw usernameTaken(request.username());
    }
    Role role = request.role() == null ? Role.USER : request.role();
    try {
      User user =
          users.insert(request.username(), passwordEncoder.encode(request.password()), role, quota);
      log.info("[user {}] created by {} with role {}", user.username(), caller.username(), role);
      return user;
    } catch (DuplicateKeyException e) {
      throw usernameTaken(request.username());
    }
  }

  @Transactional
  public User update(Caller caller, UserId id, UserRequests.Update request) {
    requireAdmin(caller);
    User user = users.findById(id).orElseThrow(() -> BdpaasException.notFound("User", id));
    List<Problem> problems = new ArrayList<>();
    if (request.quota() != null) {
      problems.addAll(
          Quota.check(
              "quota",
              request.quota().cores(),
              request.quota().memoryMb(),
              request.quota().projects()));
    }
    if (request.password() != null) {
      problems.addAll(AccountRules.checkPassword("password", request.password(), user.username()));
    }
    if (user.id().equals(caller.id())) {
      if (Boolean.FALSE.equals(request.enabled())) {
        problems.add(Problem.of("enabled", "administrators cannot disable their own account"));
      }
      if (request.role() == Role.USER) {
        problems.add(Problem.of("role", "administrators cannot remove their own admin role"));
      }
    }
    BdpaasException.throwIfAny(problems);
    boolean disabling = user.enabled() && Boolean.FALSE.equals(request.enabled());
    boolean credentialsChanged = request.password() != null || disabling;
    User changed =
        new User(
            user.id(),
            user.username(),
            request.password() == null
                ? user.passwordHash()
                : passwordEncoder.encode(request.password()),
            request.role() == null ? user.role() : request.role(),
            request.enabled() == null ? user.enabled() : request.enabled(),
            credentialsChanged ? user.credentialsVersion() + 1 : user.credentialsVersion(),
            request.quota() == null
                ? user.quota()
                : new Quota(
                    request.quota().cores(),
                    request.quota().memoryMb(),
                    request.quota().projects()),
            user.createdAt(),
            Timestamps.now());
    users.update(changed);
    log.info("[user {}] updated by {}: {}", user.username(), caller.username(), describe(request));
    if (credentialsChanged) {
      events.publishEvent(new CredentialsChanged(changed));
    }
    if (disabling) {
      events.publishEvent(new UserDisabled(changed, caller));
    }
    return changed;
  }

  @Transactional
  public void changeOwnPassword(Caller caller, UserRequests.ChangePassword request) {
    User user = get(caller, caller.id());
    List<Problem> problems = new ArrayList<>();
    if (request.currentPassword() == null
        || !passwordEncoder.matches(request.currentPassword(), user.passwordHash())) {
      problems.add(Problem.of("currentPassword", "is not your current password"));
    }
    problems.addAll(
        AccountRules.checkPassword("newPassword", request.newPassword(), user.username()));
    BdpaasException.throwIfAny(problems);
    User changed =
        new User(
            user.id(),
            user.username(),
            passwordEncoder.encode(request.newPassword()),
            user.role(),
            user.enabled(),
            user.credentialsVersion() + 1,
            user.quota(),
            user.createdAt(),
            Timestamps.now());
    users.update(changed);
    log.info("[user {}] changed their password", user.username());
    events.publishEvent(new CredentialsChanged(changed));
  }

  public Quota defaultQuota() {
    BdpaasSettings.DefaultQuota quota = settings.defaultQuota();
    return new Quota(quota.cores(), quota.memoryMb(), quota.projects());
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.isAdmin()) {
      throw new BdpaasException(ErrorCode.ACCESS_DENIED, "Only administrators manage users");
    }
  }

  private static BdpaasException usernameTaken(String username) {
    return new BdpaasException(
        ErrorCode.ALREADY_EXISTS,
        "User " + username + " already exists",
        List.of(Problem.of("username", "is already taken")));
  }

  private static String describe(UserRequests.Update request) {
    List<String> parts = new ArrayList<>();
    if (request.enabled() != null) {
      parts.add(request.enabled() ? "enabled" : "disabled");
    }
    if (request.role() != null) {
      parts.add("role " + request.role());
    }
    if (request.quota() != null) {
      parts.add("quota " + request.quota());
    }
    if (request.password() != null) {
      parts.add("password reset");
    }
    return String.join(", ", parts);
  }
}
