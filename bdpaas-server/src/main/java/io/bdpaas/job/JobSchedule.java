package io.bdpaas.job;

import io.bdpaas.api.Problem;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a job runs by itself: a cron expression read in a time zone, what to do when the previous
 * run is still going (ScheduledSparkApplication's policies: allow another, forbid it, or replace
 * the running one), and how late a fire time may still be honoured after the platform was down.
 *
 * <p>Missed runs: times that passed while the platform was down are not all made up. When it comes
 * back, the latest missed time is run once if it is less than {@code startingDeadlineSeconds} old
 * (10 minutes unless set), like a Kubernetes CronJob's starting deadline; older ones are skipped
 * and the job's schedule note says so.
 */
public record JobSchedule(
    String cron, String timeZone, String concurrency, Integer startingDeadlineSeconds) {
  static final int DEFAULT_STARTING_DEADLINE = 600;
  private static final int MAX_STARTING_DEADLINE = 7 * 24 * 3600;

  /** What a fire time does while a run of the job is still going. */
  public enum Concurrency {
    ALLOW,
    FORBID,
    REPLACE
  }

  @Override
  public String timeZone() {
    return timeZone == null ? "UTC" : timeZone;
  }

  @Override
  public String concurrency() {
    return concurrency == null ? "forbid" : concurrency;
  }

  @Override
  public Integer startingDeadlineSeconds() {
    return startingDeadlineSeconds == null ? DEFAULT_STARTING_DEADLINE : startingDeadlineSeconds;
  }

  public Concurrency concurrencyValue() {
    return Concurrency.valueOf(concurrency().toUpperCase(Locale.ROOT));
  }

  public Duration startingDeadline() {
    return Duration.ofSeconds(startingDeadlineSeconds());
  }

  /**
   * Spring's form of the expression: a Unix cron of five fields (minute to day of week) gets a
   * seconds field of 0; six fields and macros such as {@code @daily} are taken as they are.
   */
  private CronExpression expression() {
    String text = cron.strip();
    boolean unix = !text.startsWith("@") && text.split("\\s+").length == 5;
    return CronExpression.parse(unix ? "0 " + text : text);
  }

  /** The first fire time after {@code after}. */
  public Optional<Instant> next(Instant after) {
    ZonedDateTime next = expression().next(after.atZone(ZoneId.of(timeZone())));
    return Optional.ofNullable(next).map(ZonedDateTime::toInstant);
  }

  /** The next {@code count} fire times after {@code after}, to show people. */
  public List<Instant> upcoming(Instant after, int count) {
    List<Instant> times = new ArrayList<>();
    Instant from = after;
    for (int i = 0; i < count; i++) {
      Optional<Instant> next = next(from);
      if (next.isEmpty()) {
        break;
      }
      times.add(next.get());
      from = next.get();
    }
    return times;
  }

  /** Every problem, each named by its field under {@code prefix}. */
  public List<Problem> problems(String prefix) {
    List<Problem> problems = new ArrayList<>();
    if (cron == null || cron.isBlank() || cron.length() > 200) {
      problems.add(
          Problem.of(
              prefix + "cron", "must be a cron expression such as '0 2 * * *' (02:00 daily)"));
    } else {
      try {
        expression();
      } catch (IllegalArgumentException e) {
        problems.add(Problem.of(prefix + "cron", "is not a cron expression: " + e.getMessage()));
      }
    }
    try {
      ZoneId.of(timeZone());
    } catch (DateTimeException e) {
      problems.add(
          Problem.of(prefix + "timeZone", "must be a time zone such as UTC or Europe/Zurich"));
    }
    try {
      concurrencyValue();
    } catch (IllegalArgumentException e) {
      problems.add(Problem.of(prefix + "concurrency", "must be allow, forbid or replace"));
    }
    if (startingDeadlineSeconds() < 1 || startingDeadlineSeconds() > MAX_STARTING_DEADLINE) {
      problems.add(
          Problem.of(
              prefix + "startingDeadlineSeconds",
              "must be between 1 and " + MAX_STARTING_DEADLINE));
    }
    return problems;
  }
}
