package io.bdpaas.backend;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A file in a storage area: its name, size, last change and {@code location}, the absolute path by
 * which the tenant's engines read it (for example in Spark SQL: {@code SELECT * FROM
 * csv.`<location>`}).
 */
public record StoredFile(
    StorageFileName name, long sizeBytes, Instant modifiedAt, String location) {
  public StoredFile {
    requireNonNull(name, "name is null");
    requireNonNull(modifiedAt, "modifiedAt is null");
    requireNonNull(location, "location is null");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must not be negative: " + sizeBytes);
    }
  }
}
