package io.bdpaas.catalog;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/** The product catalog, in seed 003's shape: {@code /api/v1/products}. */
@RestController
@RequestMapping(path = "/api/v1/products", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Products", description = "The catalog of products clusters are made from")
public class ProductController {
  private final CatalogService catalog;

  public ProductController(CatalogService catalog) {
    this.catalog = catalog;
  }

  /** A product version as listed. */
  public record ProductView(
      String name,
      String version,
      String description,
      String logoUrl,
      boolean builtin,
      boolean launchable,
      String templateFormat,
      Instant createdAt,
      Instant updatedAt) {
    static ProductView of(Product product) {
      return new ProductView(
          product.key().name(),
          product.key().version(),
          product.description(),
          product.logoUrl().orElse(null),
          product.builtin(),
          product.launchable(),
          product.templateFormat().map(f -> f.name().toLowerCase()).orElse(null),
          product.createdAt(),
          product.updatedAt());
    }
  }

  @GetMapping
  @Operation(summary = "List product versions")
  public Page<ProductView> list(
      Caller caller,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    return catalog.list(Optional.empty(), new PageRequest(page, size)).map(ProductView::of);
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Register a product version (admin)")
  public ResponseEntity<ProductView> register(
      Caller caller, @RequestBody CatalogService.Registration request) {
    ProductView registered = ProductView.of(catalog.register(caller, request));
    return ResponseEntity.created(
            UriComponentsBuilder.fromPath("/api/v1/products/{name}/{version}")
                .buildAndExpand(registered.name(), registered.version())
                .encode()
                .toUri())
        .body(registered);
  }

  @GetMapping("/{name}")
  @Operation(summary = "List the versions of a product")
  public Page<ProductView> versions(
      Caller caller,
      @PathVariable String name,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    Page<ProductView> versions =
        catalog.list(Optional.of(name), new PageRequest(page, size)).map(ProductView::of);
    if (versions.totalItems() == 0) {
      throw BdpaasException.notFound("Product", name);
    }
    return versions;
  }

  @GetMapping("/{name}/{version}")
  @Operation(summary = "Get a product version")
  public ProductView get(Caller caller, @PathVariable String name, @PathVariable String version) {
    return ProductView.of(catalog.get(key(name, version)));
  }

  @DeleteMapping("/{name}/{version}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete a product version (admin; refused while clusters use it)")
  public void delete(Caller caller, @PathVariable String name, @PathVariable String version) {
    catalog.delete(caller, key(name, version));
  }

  @GetMapping("/{name}/{version}/options")
  @Operation(summary = "Get the options document")
  public OptionsDocument options(
      Caller caller, @PathVariable String name, @PathVariable String version) {
    return catalog.get(key(name, version)).options();
  }

  @PutMapping(path = "/{name}/{version}/options", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Replace the options document (admin)")
  public OptionsDocument replaceOptions(
      Caller caller,
      @PathVariable String name,
      @PathVariable String version,
      @RequestBody OptionsDocument options) {
    return catalog.replaceOptions(caller, key(name, version), options).options();
  }

  @GetMapping(path = "/{name}/{version}/template", produces = MediaType.ALL_VALUE)
  @Operation(summary = "Get the Jinja2 template, as JSON or YAML")
  public ResponseEntity<String> template(
      Caller caller, @PathVariable String name, @PathVariable String version) {
    Product product = catalog.get(key(name, version));
    String template =
        product
            .template()
            .orElseThrow(() -> BdpaasException.notFound("Template of product", product.key()));
    return ResponseEntity.ok()
        .header(
            HttpHeaders.CONTENT_TYPE,
            product.templateFormat().orElse(TemplateFormat.JSON).mediaType() + ";charset=UTF-8")
        .body(template);
  }

  @PutMapping(
      path = "/{name}/{version}/template",
      consumes = {
        MediaType.APPLICATION_JSON_VALUE,
        "application/yaml",
        "application/x-yaml",
        "text/yaml"
      })
  @Operation(summary = "Replace the Jinja2 template (admin); the format follows Content-Type")
  public ProductView replaceTemplate(
      Caller caller,
      @PathVariable String name,
      @PathVariable String version,
      @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
      @RequestBody String template) {
    TemplateFormat format =
        TemplateFormat.of(contentType)
            .orElseThrow(
                () ->
                    new BdpaasException(
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "Send the template as application/json or application/yaml"));
    return ProductView.of(catalog.replaceTemplate(caller, key(name, version), template, format));
  }

  @GetMapping("/{name}/{version}/orchestrator")
  @Operation(summary = "Get the orchestrator: the ordered start and await steps")
  public List<Map<String, String>> orchestrator(
      Caller caller, @PathVariable String name, @PathVariable String version) {
    return catalog.get(key(name, version)).orchestrator().stream()
        .map(OrchestratorStep::toDocument)
        .toList();
  }

  @PutMapping(path = "/{name}/{version}/orchestrator", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Replace the orchestrator (admin)")
  public List<Map<String, String>> replaceOrchestrator(
      Caller caller,
      @PathVariable String name,
      @PathVariable String version,
      @RequestBody JsonNode orchestrator) {
    return catalog
        .replaceOrchestrator(caller, key(name, version), orchestrator)
        .orchestrator()
        .stream()
        .map(OrchestratorStep::toDocument)
        .toList();
  }

  private static ProductKey key(String name, String version) {
    try {
      return new ProductKey(name, version);
    } catch (IllegalArgumentException e) {
      throw BdpaasException.notFound("Product", name + " " + version);
    }
  }
}
