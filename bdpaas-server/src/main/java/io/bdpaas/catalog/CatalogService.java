package io.bdpaas.catalog;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.Problem;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The product catalog: everyone reads it, administrators register products and edit their options,
 * templates and orchestrators. Every change is validated before it is stored, so a product in the
 * catalog always renders.
 */
@Service
public class CatalogService {
  private static final Logger log = LoggerFactory.getLogger(CatalogService.class);

  private final ProductStore products;
  private final ClusterPlanner planner;
  private final ProductUsage usage;

  public CatalogService(ProductStore products, ClusterPlanner planner, ProductUsage usage) {
    this.products = products;
    this.planner = planner;
    this.usage = usage;
  }

  /** Request body of a product registration (seed 003: name, version, description). */
  public record Registration(String name, String version, String description, String logoUrl) {}

  public Page<Product> list(Optional<String> name, PageRequest page) {
    return products.list(name, page);
  }

  public Product get(ProductKey key) {
    return products.find(key).orElseThrow(() -> BdpaasException.notFound("Product", key));
  }

  @Transactional
  public Product register(Caller caller, Registration request) {
    requireAdmin(caller);
    List<Problem> problems = new ArrayList<>(ProductKey.check(request.name(), request.version()));
    if (request.description() == null || request.description().isBlank()) {
      problems.add(Problem.of("description", "is required"));
    } else if (request.description().length() > 500) {
      problems.add(Problem.of("description", "must be at most 500 characters"));
    }
    if (request.logoUrl() != null
        && !(request.logoUrl().startsWith("https://") || request.logoUrl().startsWith("http://"))) {
      problems.add(Problem.of("logoUrl", "must be an http(s) URL"));
    }
    BdpaasException.throwIfAny(problems);
    ProductKey key = new ProductKey(request.name(), request.version());
    if (products.find(key).isPresent()) {
      throw new BdpaasException(ErrorCode.ALREADY_EXISTS, "Product " + key + " already exists");
    }
    var now = Timestamps.now();
    Product product =
        new Product(
            key,
            request.description().strip(),
            Optional.ofNullable(request.logoUrl()),
            OptionsDocument.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            false,
            now,
            now);
    products.insert(product, Optional.of(caller.id()), Optional.empty());
    log.info("[product {}] registered by {}", key, caller.username());
    return product;
  }

  @Transactional
  public void delete(Caller caller, ProductKey key) {
    requireAdmin(caller);
    Product product = get(key);
    requireEditable(product);
    long clusters = usage.activeClusters(key);
    if (clusters > 0) {
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          "Product " + key + " is used by " + clusters + " cluster(s); destroy them first");
    }
    products.delete(key);
    log.info("[product {}] deleted by {}", key, caller.username());
  }

  @Transactional
  public Product replaceOptions(Caller caller, ProductKey key, OptionsDocument options) {
    requireAdmin(caller);
    Product product = get(key);
    requireEditable(product);
    BdpaasException.throwIfAny(options.check());
    return save(caller, withOptions(product, options), "options");
  }

  @Transactional
  public Product replaceTemplate(
      Caller caller, ProductKey key, String template, TemplateFormat format) {
    requireAdmin(caller);
    Product product = get(key);
    requireEditable(product);
    if (template == null || template.isBlank()) {
      throw BdpaasException.invalid("template", "is empty");
    }
    Product changed =
        new Product(
            key,
            product.description(),
            product.logoUrl(),
            product.options(),
            Optional.of(template),
            Optional.of(format),
            product.orchestrator(),
            false,
            product.createdAt(),
            Timestamps.now());
    return save(caller, changed, "template");
  }

  @Transactional
  public Product replaceOrchestrator(Caller caller, ProductKey key, JsonNode document) {
    requireAdmin(caller);
    Product product = get(key);
    requireEditable(product);
    List<Problem> problems = new ArrayList<>();
    List<OrchestratorStep> steps = OrchestratorStep.parse(document, problems);
    BdpaasException.throwIfAny(
        problems.stream().map(p -> Problem.of("orchestrator" + p.field(), p.message())).toList());
    Product changed =
        new Product(
            key,
            product.description(),
            product.logoUrl(),
            product.options(),
            product.template(),
            product.templateFormat(),
            steps,
            false,
            product.createdAt(),
            Timestamps.now());
    return save(caller, changed, "orchestrator");
  }

  /** Validates a whole product (template renders with the options, orchestrator matches). */
  private Product save(Caller caller, Product product, String what) {
    if (product.template().isPresent()) {
      planner.validate(product);
    }
    products.update(product, Optional.empty());
    log.info("[product {}] {} replaced by {}", product.key(), what, caller.username());
    return product;
  }

  private static Product withOptions(Product product, OptionsDocument options) {
    return new Product(
        product.key(),
        product.description(),
        product.logoUrl(),
        options,
        product.template(),
        product.templateFormat(),
        product.orchestrator(),
        false,
        product.createdAt(),
        Timestamps.now());
  }

  private static void requireEditable(Product product) {
    if (product.builtin()) {
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          "Product "
              + product.key()
              + " is built in and managed by the platform; register a new version to customise it");
    }
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.isAdmin()) {
      throw new BdpaasException(ErrorCode.ACCESS_DENIED, "Only administrators change the catalog");
    }
  }
}
