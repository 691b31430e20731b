package io.bdpaas.project;

import io.bdpaas.backend.ClusterBackend;
import io.bdpaas.backend.StorageFileName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
public class SampleDataset {
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

  private final ClusterBackend backend;

  public SampleDataset(ClusterBackend backend) {
    this.backend = backend;
  }

  /**
   * Makes the project's storage area if need be and puts the sample in it. A project is still
   * usable without it: a failure is logged, not thrown.
   */
  public void addTo(String tenant, Project project) {
    try {
      backend.ensureStorage(tenant, project.storage());
      backend
          .storageFiles(tenant, project.storage())
          .write(FILE, new ByteArrayInputStream(content()), Long.MAX_VALUE);
    } catch (IOException | RuntimeException e) {
      log.warn("[project {}] the sample dataset could not be added", project.id(), e);
    }
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
