package io.bdpaas.catalog;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** A product version in the catalog: its options, template and orchestrator. */
public record Product(
    ProductKey key,
    String description,
    Optional<String> logoUrl,
    OptionsDocument options,
    Optional<String> template,
    Optional<TemplateFormat> templateFormat,
    List<OrchestratorStep> orchestrator,
    boolean builtin,
    Instant createdAt,
    Instant updatedAt) {
  public Product {
    requireNonNull(key, "key is null");
    requireNonNull(description, "description is null");
    requireNonNull(logoUrl, "logoUrl is null");
    requireNonNull(options, "options is null");
    requireNonNull(template, "template is null");
    requireNonNull(templateFormat, "templateFormat is null");
    orchestrator = List.copyOf(orchestrator);
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  /** Whether clusters can be created from it: it has a template and an orchestrator. */
  public boolean launchable() {
    return template.isPresent() && !orchestrator.isEmpty();
  }

  /**
   * A digest of what planning reads from the product (template, its format, orchestrator), stored
   * with each plan: a cluster is only re-planned (resized) from the product it was planned from.
   */
  public String planningDigest() {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(template.orElse("").getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(templateFormat.map(Enum::name).orElse("").getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(orchestrator.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
