package io.bdpaas.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

class ReadCacheTest {
  private final AtomicInteger table = new AtomicInteger();
  private final AtomicInteger reads = new AtomicInteger();
  private final ReadCache<String, Integer> cache = new ReadCache<>(2);

  private Integer read() {
    reads.incrementAndGet();
    return table.get();
  }

  @Test
  void aReadIsServedAgainUntilTheNextWrite() {
    assertThat(cache.get("page 1", this::read)).isZero();
    assertThat(cache.get("page 1", this::read)).isZero();
    assertThat(reads).hasValue(1);

    table.set(7);
    cache.invalidate();

    assertThat(cache.get("page 1", this::read)).isEqualTo(7);
    assertThat(reads).hasValue(2);
  }

  @Test
  void anAnswerReadWhileAWriteWasUnderWayIsNotServedAfterIt() {
    // The read starts (generation seen), the write lands and invalidates, then the read's old
    // answer is stored: it must not be served.
    Integer stale =
        cache.get(
            "page 1",
            () -> {
              int before = read();
              table.set(1);
              cache.invalidate();
              return before;
            });
    assertThat(stale).isZero();

    assertThat(cache.get("page 1", this::read)).isEqualTo(1);
  }

  @Test
  void insideATransactionAnswersStayStaleUntilItEnds() {
    TransactionSynchronizationManager.initSynchronization();
    try {
      table.set(1); // written, not yet committed: readers still see 0
      cache.invalidate();
      assertThat(cache.get("page 1", () -> 0)).isZero(); // a reader outside the transaction

      TransactionSynchronizationUtils.invokeAfterCompletion(
          TransactionSynchronizationManager.getSynchronizations(), 0);
    } finally {
      TransactionSynchronizationManager.clearSynchronization();
    }

    assertThat(cache.get("page 1", this::read)).isEqualTo(1);
  }

  @Test
  void keepsAtMostItsLimit() {
    cache.get("a", this::read);
    cache.get("b", this::read);
    cache.get("c", this::read); // over the limit of 2: everything dropped, c kept
    cache.get("a", this::read);

    assertThat(reads).hasValue(4);
  }
}
