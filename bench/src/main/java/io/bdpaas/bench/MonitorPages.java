package io.bdpaas.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * Open application pages of the console, one per streaming application, each polling what {@code
 * streaming.js} polls: every {@code refreshMillis} after the answers of its previous poll, the
 * application ({@code GET .../applications/{id}}) and its events ({@code .../events?size=200}), its
 * overview, and every second poll its metrics of the last hour ({@code .../metrics?minutes=60}, the
 * page's default window) and, while it runs, its graph. A thread per page, the pages opened spread
 * over one period; the requests are made one after the other (the page makes the first two and the
 * next two at once) with the benchmark user's API token instead of a session.
 */
final class MonitorPages implements AutoCloseable {
  private final List<Thread> threads = new ArrayList<>();

  /** The answers' times in ms, by what was asked ("overview", "graph"...). */
  private final Map<String, Queue<Double>> millis = new ConcurrentHashMap<>();

  private final AtomicInteger polls = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();
  private volatile boolean counting;
  private volatile boolean closed;
  private volatile long countingSince;
  private volatile long countingUntil;

  private MonitorPages() {}

  static MonitorPages open(Api tenant, List<StreamMonitorBench.App> apps, long refreshMillis) {
    MonitorPages pages = new MonitorPages();
    for (int i = 0; i < apps.size(); i++) {
      StreamMonitorBench.App app = apps.get(i);
      long delay = refreshMillis * i / apps.size();
      Thread thread =
          new Thread(() -> pages.poll(tenant, app.path(), delay, refreshMillis), "page-" + i);
      thread.setDaemon(true);
      pages.threads.add(thread);
      thread.start();
    }
    return pages;
  }

  /** Starts or stops counting the requests and their times. */
  void count(boolean on) {
    if (on) {
      millis.values().forEach(Queue::clear);
      polls.set(0);
      errors.set(0);
      countingSince = System.nanoTime();
    } else {
      countingUntil = System.nanoTime();
    }
    counting = on;
  }

  /** What the pages asked while counting, and how long the answers took. */
  String describe() {
    List<Double> all = new ArrayList<>();
    StringBuilder kinds = new StringBuilder();
    new TreeMap<>(millis)
        .forEach(
            (kind, queue) -> {
              List<Double> times = new ArrayList<>(queue);
              all.addAll(times);
              kinds.append(
                  String.format(
                      Locale.ROOT,
                      "; %s %d, p50 %.1f / p95 %.1f ms",
                      kind,
                      times.size(),
                      NotebookSqlBench.percentile(times, 50),
                      NotebookSqlBench.percentile(times, 95)));
            });
    double seconds = (countingUntil - countingSince) / 1e9;
    return String.format(
        Locale.ROOT,
        "%d pages: %d polls, %d requests (%.1f/s), %d failed; answers in p50 %.1f / p95 %.1f /"
            + " max %.1f ms%s",
        threads.size(),
        polls.get(),
        all.size(),
        all.size() / seconds,
        errors.get(),
        NotebookSqlBench.percentile(all, 50),
        NotebookSqlBench.percentile(all, 95),
        NotebookSqlBench.percentile(all, 100),
        kinds);
  }

  private void poll(Api tenant, String path, long delayMillis, long refreshMillis) {
    try {
      Processes.sleep(delayMillis);
      for (int tick = 0; !closed; tick++) {
        JsonNode app = ask(tenant, "application", path);
        ask(tenant, "events", path + "/events?size=200");
        ask(tenant, "overview", path + "/overview");
        boolean second = tick % 2 == 0;
        if (second) {
          ask(tenant, "metrics", path + "/metrics?minutes=60");
        }
        if (second && app != null && app.get("state").asString().equals("running")) {
          ask(tenant, "graph", path + "/graph");
        }
        if (counting) {
          polls.incrementAndGet();
        }
        Processes.sleep(refreshMillis);
      }
    } catch (IllegalStateException e) {
      if (!closed) {
        throw e;
      }
      // interrupted by close()
    }
  }

  private JsonNode ask(Api tenant, String kind, String path) {
    long start = System.nanoTime();
    try {
      JsonNode answer = tenant.get(path);
      if (counting) {
        millis
            .computeIfAbsent(kind, any -> new ConcurrentLinkedQueue<>())
            .add((System.nanoTime() - start) / 1e6);
      }
      return answer;
    } catch (IllegalStateException e) {
      if (closed) {
        throw e;
      }
      if (counting) {
        errors.incrementAndGet();
      }
      return null;
    }
  }

  /** Stops every page and waits for its thread. */
  @Override
  public void close() {
    closed = true;
    threads.forEach(Thread::interrupt);
    for (Thread thread : threads) {
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
