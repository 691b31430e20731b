package io.bdpaas.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
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
}
