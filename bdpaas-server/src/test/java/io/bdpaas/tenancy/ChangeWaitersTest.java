package io.bdpaas.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ChangeWaitersTest {
  private final ChangeWaiters<String> waiters = new ChangeWaiters<>("things") {};
  private final Caller alice = new Caller(new UserId(1), "alice", Role.USER);
  private final Caller bob = new Caller(new UserId(2), "bob", Role.USER);

  @Test
  void aChangeWakesTheWaitersOfThatResourceOnlyUntilTheyClose() {
    List<String> woken = new CopyOnWriteArrayList<>();
    ChangeWaiters<String>.Waiter first = waiters.register(alice, "a", () -> woken.add("first"));
    waiters.register(bob, "a", () -> woken.add("second"));
    waiters.register(alice, "b", () -> woken.add("other"));

    waiters.changed("a");
    assertThat(woken).containsExactlyInAnyOrder("first", "second");

    first.close();
    first.close();
    waiters.changed("a");
    assertThat(woken).containsExactlyInAnyOrder("first", "second", "second");
    assertThat(waiters.open()).isEqualTo(2);
  }

  @Test
  void aWaiterThatFailsIsDroppedAndTheOthersAreStillWoken() {
    List<String> woken = new ArrayList<>();
    waiters.register(
        alice,
        "a",
        () -> {
          throw new IllegalStateException("cannot answer");
        });
    waiters.register(bob, "a", () -> woken.add("bob"));

    waiters.changed("a");
    waiters.changed("a");

    assertThat(woken).containsExactly("bob", "bob");
    assertThat(waiters.open()).isEqualTo(1);
  }

  @Test
  void eachUserMayHoldOnlySoManyWaitsAndGetsOneBackWhenOneCloses() {
    List<ChangeWaiters<String>.Waiter> held = new ArrayList<>();
    for (int i = 0; i < ChangeWaiters.MAX_WAITERS_PER_USER; i++) {
      held.add(waiters.register(alice, "r" + i, () -> {}));
    }

    assertThatThrownBy(() -> waiters.register(alice, "more", () -> {}))
        .isInstanceOfSatisfying(
            BdpaasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS))
        .hasMessageContaining("32 things at once");
    // Another user is not held back by alice's waits.
    waiters.register(bob, "r0", () -> {}).close();

    held.get(0).close();
    held.set(0, waiters.register(alice, "more", () -> {}));
    held.forEach(waiter -> waiter.close());
    assertThat(waiters.open()).isZero();
  }
}
