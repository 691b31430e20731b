package io.bdpaas.catalog;

import io.bdpaas.api.Problem;
import io.bdpaas.store.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Installs the built-in products (Spark, Flink, the small hello product) from {@code
 * classpath:products/} on first start, and upgrades them when the platform ships a different
 * version of their documents.
 */
@Component
@Order(10)
public class BuiltinProducts implements ApplicationRunner {
  static final List<String> BUILTIN = List.of("spark-4.2.0", "flink-2.3.0", "hello-1.0.0");
  private static final Logger log = LoggerFactory.getLogger(BuiltinProducts.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final ProductStore products;
  private final ClusterPlanner planner;

  public BuiltinProducts(ProductStore products, ClusterPlanner planner) {
    this.products = products;
    this.planner = planner;
  }

  @Override
  public void run(ApplicationArguments args) {
    for (String folder : BUILTIN) {
      install(folder);
    }
  }

  void install(String folder) {
    JsonNode descriptor = JSON.readTree(resource(folder, "product.json").orElseThrow());
    String options = resource(folder, "options.json").orElseThrow();
    String orchestrator = resource(folder, "orchestrator.json").orElseThrow();
    Optional<String> jsonTemplate = resource(folder, "template.json");
    String template = jsonTemplate.or(() -> resource(folder, "template.yaml")).orElseThrow();
    TemplateFormat format = jsonTemplate.isPresent() ? TemplateFormat.JSON : TemplateFormat.YAML;
    String hash = hash(descriptor + options + orchestrator + template);

    ProductKey key =
        new ProductKey(descriptor.get("name").asString(), descriptor.get("version").asString());
    Optional<String> installed = products.contentHash(key);
    if (installed.isPresent() && installed.get().equals(hash)) {
      return;
    }
    List<Problem> problems = new ArrayList<>();
    var now = Timestamps.now();
    Product product =
        new Product(
            key,
            descriptor.get("description").asString(),
            Optional.ofNullable(descriptor.get("logoUrl")).map(JsonNode::asString),
            JSON.readValue(options, OptionsDocument.class),
            Optional.of(template),
            Optional.of(format),
            OrchestratorStep.parse(JSON.readTree(orchestrator), problems),
            true,
            now,
            now);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("built-in product " + key + " is broken: " + problems);
    }
    planner.validate(product);
    if (products.find(key).isPresent()) {
      products.update(product, Optional.of(hash));
      log.info("[product {}] built-in product upgraded", key);
    } else {
      products.insert(product, Optional.empty(), Optional.of(hash));
      log.info("[product {}] built-in product installed", key);
    }
  }

  private static Optional<String> resource(String folder, String file) {
    try (InputStream in =
        BuiltinProducts.class.getResourceAsStream("/products/" + folder + "/" + file)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hash(String content) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
