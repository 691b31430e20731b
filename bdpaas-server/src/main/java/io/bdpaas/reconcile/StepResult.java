package io.bdpaas.reconcile;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** What one reconcile step achieved, and so when the resource should be looked at again. */
public sealed interface StepResult {

  /** The step moved the resource on; the next step can run at once. */
  record Advance() implements StepResult {}

  /**
   * Nothing more can be done now; look again after {@code recheckAfter} or on a wake-up, whichever
   * comes first.
   */
  record Wait(String reason, Duration recheckAfter) implements StepResult {
    public Wait {
      requireNonNull(reason, "reason is null");
      requireNonNull(recheckAfter, "recheckAfter is null");
      if (recheckAfter.isNegative() || recheckAfter.isZero()) {
        throw new IllegalArgumentException("recheckAfter must be positive: " + recheckAfter);
      }
    }
  }

  /** The resource cannot reach its desired state, for a reason its owner should read. */
  record Fail(String reason) implements StepResult {
    public Fail {
      requireNonNull(reason, "reason is null");
    }
  }

  /** The resource needs nothing until something wakes it. */
  record Idle() implements StepResult {}

  static StepResult advance() {
    return new Advance();
  }

  static StepResult waitFor(String reason, Duration recheckAfter) {
    return new Wait(reason, recheckAfter);
  }

  static StepResult fail(String reason) {
    return new Fail(reason);
  }

  static StepResult idle() {
    return new Idle();
  }
}
