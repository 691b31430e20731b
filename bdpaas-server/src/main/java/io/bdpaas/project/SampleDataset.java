package io.bdpaas.project;

import io.bdpaas.backend.ClusterBackend;
import io.bdpaas.backend.StorageFileName;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.StorageUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The small sales table every new Spark project starts with, {@value #NAME} in its files, so that a
 * first query shows a result at once: {@value #ROWS} rows of {@code date, region, product, units,
 * unit_price}, the same in every project (generated from a fixed seed), about 13 KB.
 *
 * <p>Query it through the file's location ({@code ProjectFilesService.location}), for example
 * {@code SELECT region, sum(units * unit_price) AS revenue FROM csv.`<location>` ...} with the
 * header option, or {@code spark.read().option("header", true).option("inferSchema", true)
 * .csv(location)}.
 */
@Component
public class SampleDataset implements DisposableBean {
  /** The sample file's name in a project's files. */
  public static final String NAME = "sales.csv";

  public static final StorageFileName FILE = new StorageFileName(NAME);
  public static final int ROWS = 400;

  private static final Logger log = LoggerFactory.getLogger(SampleDataset.class);
  private static final List<String> REGIONS = List.of("North", "South", "East", "West");
  private static final List<String> PRODUCTS =
      List.of("Laptop", "Phone", "Tablet", "Monitor", "Headphones");
  private static final List<Double> PRICES = List.of(899.0, 599.0, 329.0, 219.0, 79.0);
  private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);

  /** How often, and how long, a storage that cannot be reached yet is tried again. */
  static final Duration RETRY = Duration.ofSeconds(5);

  static final Duration GIVE_UP = Duration.ofMinutes(10);

  private final ClusterBackend backend;
  private final Duration retry;
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "sample-dataset");
            thread.setDaemon(true);
            return thread;
          });

  @Autowired
  public SampleDataset(ClusterBackend backend) {
    this(backend, RETRY);
  }

  SampleDataset(ClusterBackend backend, Duration retry) {
    this.backend = backend;
    this.retry = retry;
  }

  /**
   * Makes the project's storage area if need be and puts the sample in it. A project is still
   * usable without it: a failure is logged, not thrown. A storage the platform cannot reach yet (on
   * Kubernetes, its file service starts with the area) is tried again in the background, for a
   * while, and given the sample once it answers unless the project's owner put a file of that name
   * there first.
   */
  public void addTo(String tenant, Project project) {
    addTo(
        project.id(),
        () -> backend.ensureStorage(tenant, project.storage()),
        () -> backend.storageFiles(tenant, project.storage()));
  }

  void addTo(ProjectId project, Runnable ensure, Supplier<StorageFiles> files) {
    try {
      ensure.run();
      files.get().write(FILE, new ByteArrayInputStream(content()), Long.MAX_VALUE);
    } catch (StorageUnavailableException e) {
      log.info(
          "[project {}] the sample dataset waits for the storage: {}", project, e.getMessage());
      later(project, files, Instant.now().plus(GIVE_UP));
    } catch (IOException | RuntimeException e) {
      log.warn("[project {}] the sample dataset could not be added", project, e);
    }
  }

  private void later(ProjectId project, Supplier<StorageFiles> files, Instant giveUpAt) {
    retries.schedule(
        () -> {
          try {
            StorageFiles storage = files.get();
            if (storage.list().stream().noneMatch(file -> file.name().equals(FILE))) {
              storage.write(FILE, new ByteArrayInputStream(content()), Long.MAX_VALUE);
              log.info("[project {}] the sample dataset was added", project);
            }
          } catch (StorageUnavailableException e) {
            if (Instant.now().isBefore(giveUpAt)) {
              later(project, files, giveUpAt);
            } else {
              log.warn(
                  "[project {}] the sample dataset was not added: {}", project, e.getMessage());
            }
          } catch (IOException | RuntimeException e) {
            log.warn("[project {}] the sample dataset could not be added", project, e);
          }
        },
        retry.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void destroy() {
    retries.shutdownNow();
  }

  /** The sample's bytes: a header and {@value #ROWS} rows, always the same. */
  static byte[] content() {
    Random random = new Random(2024);
    StringBuilder csv = new StringBuilder("date,region,product,units,unit_price\n");
    for (int row = 0; row < ROWS; row++) {
      int product = random.nextInt(PRODUCTS.size());
      // A little over 4 rows a day, through the first quarter.
      LocalDate day = FIRST_DAY.plusDays(row * 91L / ROWS);
      double discount = 1 - random.nextInt(4) * 0.05;
      csv.append(day)
          .append(',')
          .append(REGIONS.get(random.nextInt(REGIONS.size())))
          .append(',')
          .append(PRODUCTS.get(product))
          .append(',')
          .append(1 + random.nextInt(product == 0 ? 10 : 40))
          .append(',')
          .append(String.format(Locale.ROOT, "%.2f", PRICES.get(product) * discount))
          .append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }
}
