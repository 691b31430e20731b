package io.bdpaas.security;

import io.bdpaas.account.User;
import io.bdpaas.account.UserStore;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.PrintableText;
import io.bdpaas.api.Problem;
import io.bdpaas.settings.BdpaasSettings;
import io.bdpaas.settings.SettingsCatalog;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Creates, lists, revokes and checks API tokens. A token is {@value #PREFIX} followed by 256 random
 * bits; only its SHA-256 hash is stored, so a database leak reveals no usable token.
 */
@Service
public class ApiTokenService {
  static final String PREFIX = "bdp_";
  private static final Logger log = LoggerFactory.getLogger(ApiTokenService.class);
  private static final int MAX_DAYS = 3650;
  private static final Duration USE_RECORDING_GRANULARITY = Duration.ofMinutes(1);

  private final ApiTokenStore tokens;
  private final UserStore users;
  private final int defaultExpiryDays;
  private final int maxTokensPerUser;
  private final SecureRandom random = new SecureRandom();

  public ApiTokenService(ApiTokenStore tokens, UserStore users, BdpaasSettings settings) {
    this.tokens = tokens;
    this.users = users;
    this.maxTokensPerUser = settings.userLimits().maxApiTokens();
    this.defaultExpiryDays = settings.tokenExpiryDays();
  }

  /** Days until a token expires when its creator names none and a lifetime is expected. */
  public int defaultExpiryDays() {
    return defaultExpiryDays;
  }

  /** A token just created: the only moment its secret is known. */
  public record CreatedToken(ApiToken token, String secret) {}

  public CreatedToken create(Caller caller, String name, Integer expiresInDays) {
    List<Problem> problems = new ArrayList<>();
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty()) {
      problems.add(Problem.of("name", "is required"));
    } else if (trimmed.length() > 64) {
      problems.add(Problem.of("name", "must be at most 64 characters"));
    } else {
      problems.addAll(PrintableText.check("name", trimmed));
    }
    if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > MAX_DAYS)) {
      problems.add(
          Problem.of("expiresInDays", "must be between 1 and " + MAX_DAYS + ", or left out"));
    }
    BdpaasException.throwIfAny(problems);
    long held = tokens.countUnexpired(caller.id(), Timestamps.now());
    if (held >= maxTokensPerUser) {
      throw new BdpaasException(
          ErrorCode.QUOTA_EXCEEDED,
          "you hold "
              + held
              + " API tokens, the most a user may (setting "
              + SettingsCatalog.MAX_API_TOKENS.key()
              + "); revoke one you no longer use");
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant expiresAt =
        expiresInDays == null ? null : Timestamps.now().plus(Duration.ofDays(expiresInDays));
    ApiToken token =
        tokens.insert(caller.id(), trimmed, hash(secret), secret.substring(0, 10), expiresAt);
    log.info("[user {}] created API token {} ({})", caller.username(), token.id(), trimmed);
    return new CreatedToken(token, secret);
  }

  public Page<ApiToken> listOwn(Caller caller, PageRequest page) {
    return tokens.list(caller, Optional.of(caller.id()), page);
  }

  public void revoke(Caller caller, long id) {
    if (!tokens.delete(caller, id)) {
      throw BdpaasException.notFound("Token", id);
    }
    log.info("[user {}] revoked API token {}", caller.username(), id);
  }

  /** The enabled user a presented token belongs to, if the token is valid and not expired. */
  Optional<User> authenticate(String secret) {
    if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
      return Optional.empty();
    }
    Instant now = Timestamps.now();
    Optional<ApiToken> token =
        tokens.findByHashForAuthentication(hash(secret)).filter(t -> !t.isExpired(now));
    if (token.isEmpty()) {
      return Optional.empty();
    }
    Optional<User> user = users.findById(token.get().ownerId()).filter(User::enabled);
    if (user.isPresent()
        && (token.get().lastUsedAt() == null
            || token.get().lastUsedAt().plus(USE_RECORDING_GRANULARITY).isBefore(now))) {
      tokens.recordUse(token.get().id(), now);
    }
    return user;
  }

  static String hash(String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
