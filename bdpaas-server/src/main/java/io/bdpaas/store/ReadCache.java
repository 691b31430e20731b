package io.bdpaas.store;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Answers to recent reads of one table, each served again until the table is next written: many
 * clients polling the same list between two changes cost one query (as the Kubernetes API server
 * serves lists from its watch cache). The store calls {@link #invalidate()} after every write.
 *
 * <p>An answer is kept with the write generation seen <em>before</em> it was read, and served only
 * while that generation is current. {@link #invalidate()} bumps the generation after the write's
 * statement and, inside a transaction, again once the transaction ends; so an answer read while a
 * write was under way is never served once that write is visible.
 *
 * @param <K> what identifies a read (who asks and with which filters)
 * @param <V> its answer, immutable
 */
public final class ReadCache<K, V> {
  private final AtomicLong generation = new AtomicLong();
  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final int maxEntries;

  /**
   * @param maxEntries how many answers to keep; beyond it, all are dropped at once
   */
  public ReadCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1");
    }
    this.maxEntries = maxEntries;
  }

  /** The kept answer to {@code key} if nothing was written since it was read, else a fresh read. */
  public V get(K key, Supplier<V> read) {
    requireNonNull(key, "key is null");
    long seen = generation.get();
    Entry<V> kept = entries.get(key);
    if (kept != null && kept.generation == seen) {
      return kept.value;
    }
    V value = requireNonNull(read.get(), "read answered null");
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(key, new Entry<>(seen, value));
    return value;
  }

  /**
   * Every kept answer is stale: call after a write's statement. Inside a transaction, the answers
   * read until it ends are stale too.
   */
  public void invalidate() {
    generation.incrementAndGet();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              generation.incrementAndGet();
            }
          });
    }
  }

  private record Entry<V>(long generation, V value) {}
}
