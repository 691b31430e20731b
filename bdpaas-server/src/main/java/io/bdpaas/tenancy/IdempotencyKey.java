package io.bdpaas.tenancy;

import io.bdpaas.api.BdpaasException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code Idempotency-Key} a client sends with a create, so that a retry after a lost answer
 * gets what the first request created instead of a duplicate (draft-ietf-httpapi-idempotency-key-
 * header). Up to 255 visible ASCII characters, such as a UUID.
 */
public record IdempotencyKey(String value) {
  public static final String HEADER = "Idempotency-Key";

  public IdempotencyKey {
    if (value == null || !value.matches("[\\x21-\\x7e]{1,255}")) {
      throw BdpaasException.invalid(
          HEADER, "must be 1 to 255 visible ASCII characters, such as a UUID");
    }
  }

  /** A digest of what a request asks for, to tell a repeated request from a different one. */
  public static String fingerprint(String request) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(request.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
