package io.bdpaas.engine;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one readiness check, with a sentence saying why (shown in cluster events while
 * waiting).
 */
public record ProbeResult(boolean ready, String detail) {
  public ProbeResult {
    requireNonNull(detail, "detail is null");
  }

  public static ProbeResult ready(String detail) {
    return new ProbeResult(true, detail);
  }

  public static ProbeResult notReady(String detail) {
    return new ProbeResult(false, detail);
  }
}
