package io.bdpaas.tenancy;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients waiting for a resource (a cluster, a job run) to change, so that a client which wants to
 * know when it reaches a state holds one open request instead of polling. Whatever writes the
 * resource calls {@link #changed}; each waiter then reads it again and decides whether it is done.
 *
 * <p>A waiter costs no thread while it waits, but each user may hold only {@link
 * #MAX_WAITERS_PER_USER} waits on resources of one kind, so nobody can fill the server with them.
 *
 * @param <K> the resource's id
 */
public class ChangeWaiters<K> {
  public static final int MAX_WAITERS_PER_USER = 32;
  private static final Logger log = LoggerFactory.getLogger(ChangeWaiters.class);

  private final String kind;
  private final Map<K, Set<Waiter>> waiters = new ConcurrentHashMap<>();
  private final Map<UserId, Integer> perUser = new ConcurrentHashMap<>();

  /**
   * @param kind what the resources are called in a refusal's message, in the plural ("clusters")
   */
  protected ChangeWaiters(String kind) {
    this.kind = kind;
  }

  /** A registered wait; {@link #close} it when the request ends, however it ends. */
  public final class Waiter implements AutoCloseable {
    private final K key;
    private final UserId user;
    private final Runnable onChange;
    private boolean closed;

    private Waiter(K key, UserId user, Runnable onChange) {
      this.key = key;
      this.user = user;
      this.onChange = onChange;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      waiters.computeIfPresent(
          key,
          (id, set) -> {
            set.remove(this);
            return set.isEmpty() ? null : set;
          });
      perUser.computeIfPresent(user, (id, count) -> count <= 1 ? null : count - 1);
    }
  }

  /**
   * Calls {@code onChange} on every change of the resource until the waiter is closed; refused with
   * 429 when the caller already holds {@link #MAX_WAITERS_PER_USER} waits of this kind.
   */
  public Waiter register(Caller caller, K key, Runnable onChange) {
    int[] count = new int[1];
    perUser.compute(
        caller.id(),
        (id, current) -> {
          int now = current == null ? 0 : current;
          count[0] = now;
          return now >= MAX_WAITERS_PER_USER ? current : now + 1;
        });
    if (count[0] >= MAX_WAITERS_PER_USER) {
      throw new BdpaasException(
          ErrorCode.TOO_MANY_REQUESTS,
          "you already wait for "
              + MAX_WAITERS_PER_USER
              + " "
              + kind
              + " at once; wait for one of those to answer, or poll without 'until'");
    }
    Waiter waiter = new Waiter(key, caller.id(), onChange);
    waiters.computeIfAbsent(key, id -> new CopyOnWriteArraySet<>()).add(waiter);
    return waiter;
  }

  /** Something about the resource changed: every waiter of it looks again. */
  public void changed(K key) {
    Set<Waiter> set = waiters.get(key);
    if (set == null) {
      return;
    }
    for (Waiter waiter : set) {
      try {
        waiter.onChange.run();
      } catch (RuntimeException e) {
        log.warn("[{}] a waiting client could not be answered", key, e);
        waiter.close();
      }
    }
  }

  /** How many waits are open now (for tests and metrics). */
  public int open() {
    return waiters.values().stream().mapToInt(Set::size).sum();
  }
}
