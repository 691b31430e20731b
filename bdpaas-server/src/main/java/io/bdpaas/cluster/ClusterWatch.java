package io.bdpaas.cluster;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.UserId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Clients waiting for a cluster to change, so that a client which wants to know when a cluster is
 * ready holds one open request instead of polling. Every event recorded for a cluster (a status
 * transition, a step, a node's event, a resize) calls {@link #changed}; a waiter then reads the
 * cluster again and decides whether it is done.
 *
 * <p>A waiter costs no thread while it waits, but each user may hold only {@link
 * #MAX_WAITERS_PER_USER} of them, so nobody can fill the server with waits.
 */
@Component
public class ClusterWatch {
  static final int MAX_WAITERS_PER_USER = 32;
  private static final Logger log = LoggerFactory.getLogger(ClusterWatch.class);

  private final Map<ClusterId, Set<Waiter>> waiters = new ConcurrentHashMap<>();
  private final Map<UserId, Integer> perUser = new ConcurrentHashMap<>();

  /** A registered wait; {@link #close} it when the request ends, however it ends. */
  public final class Waiter implements AutoCloseable {
    private final ClusterId cluster;
    private final UserId user;
    private final Runnable onChange;
    private boolean closed;

    private Waiter(ClusterId cluster, UserId user, Runnable onChange) {
      this.cluster = cluster;
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
          cluster,
          (id, set) -> {
            set.remove(this);
            return set.isEmpty() ? null : set;
          });
      perUser.computeIfPresent(user, (id, count) -> count <= 1 ? null : count - 1);
    }
  }

  /**
   * Calls {@code onChange} on every change of the cluster until the waiter is closed; refused with
   * 429 when the caller already holds {@link #MAX_WAITERS_PER_USER} waits.
   */
  public Waiter register(Caller caller, ClusterId cluster, Runnable onChange) {
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
              + " clusters at once; wait for one of those to answer, or poll without 'until'");
    }
    Waiter waiter = new Waiter(cluster, caller.id(), onChange);
    waiters.computeIfAbsent(cluster, id -> new CopyOnWriteArraySet<>()).add(waiter);
    return waiter;
  }

  /** Something about the cluster changed: every waiter of it looks again. */
  public void changed(ClusterId cluster) {
    Set<Waiter> set = waiters.get(cluster);
    if (set == null) {
      return;
    }
    for (Waiter waiter : set) {
      try {
        waiter.onChange.run();
      } catch (RuntimeException e) {
        log.warn("[cluster {}] a waiting client could not be answered", cluster, e);
        waiter.close();
      }
    }
  }

  /** How many waits are open now (for tests and metrics). */
  int open() {
    return waiters.values().stream().mapToInt(Set::size).sum();
  }
}
