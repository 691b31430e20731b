package io.bdpaas.catalog;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.Problem;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Persists the catalog. Products are platform-wide: every user reads them, administrators write
 * them (checked by the catalog service), so this store is not tenant-scoped.
 */
@Repository
public class ProductStore {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private final JdbcClient jdbc;

  public ProductStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Product> find(ProductKey key) {
    return jdbc.sql("SELECT * FROM products WHERE name = ? AND version = ?")
        .params(key.name(), key.version())
        .query(ProductStore::map)
        .optional();
  }

  public Optional<String> contentHash(ProductKey key) {
    return jdbc.sql("SELECT content_hash FROM products WHERE name = ? AND version = ?")
        .params(key.name(), key.version())
        .query(String.class)
        .optional();
  }

  public Page<Product> list(Optional<String> name, PageRequest page) {
    String where = name.isPresent() ? " WHERE name = ?" : "";
    List<Object> params = new ArrayList<>();
    name.ifPresent(params::add);
    long total =
        jdbc.sql("SELECT COUNT(*) FROM products" + where).params(params).query(Long.class).single();
    params.add(page.size());
    params.add(page.offset());
    List<Product> items =
        jdbc.sql("SELECT * FROM products" + where + " ORDER BY name, version DESC LIMIT ? OFFSET ?")
            .params(params)
            .query(ProductStore::map)
            .list();
    return Page.of(items, page, total);
  }

  public void insert(Product product, Optional<UserId> createdBy, Optional<String> contentHash) {
    jdbc.sql(
            "INSERT INTO products (name, version, description, logo_url, options_document, template,"
                + " template_format, orchestrator, builtin, content_hash, created_by, created_at,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            product.key().name(),
            product.key().version(),
            product.description(),
            product.logoUrl().orElse(null),
            JSON.writeValueAsString(product.options()),
            product.template().orElse(null),
            product.templateFormat().map(Enum::name).orElse(null),
            orchestratorJson(product.orchestrator()),
            product.builtin(),
            contentHash.orElse(null),
            createdBy.map(UserId::value).orElse(null),
            Timestamps.toDatabase(product.createdAt()),
            Timestamps.toDatabase(product.updatedAt()))
        .update();
  }

  /** Replaces everything but the key and creation time. */
  public void update(Product product, Optional<String> contentHash) {
    jdbc.sql(
            "UPDATE products SET description = ?, logo_url = ?, options_document = ?, template = ?,"
                + " template_format = ?, orchestrator = ?, builtin = ?, content_hash = ?,"
                + " updated_at = ? WHERE name = ? AND version = ?")
        .params(
            product.description(),
            product.logoUrl().orElse(null),
            JSON.writeValueAsString(product.options()),
            product.template().orElse(null),
            product.templateFormat().map(Enum::name).orElse(null),
            orchestratorJson(product.orchestrator()),
            product.builtin(),
            contentHash.orElse(null),
            Timestamps.toDatabase(product.updatedAt()),
            product.key().name(),
            product.key().version())
        .update();
  }

  public boolean delete(ProductKey key) {
    return jdbc.sql("DELETE FROM products WHERE name = ? AND version = ?")
            .params(key.name(), key.version())
            .update()
        == 1;
  }

  private static String orchestratorJson(List<OrchestratorStep> steps) {
    return JSON.writeValueAsString(steps.stream().map(OrchestratorStep::toDocument).toList());
  }

  private static Product map(ResultSet row, int rowNumber) throws SQLException {
    String orchestrator = row.getString("orchestrator");
    List<OrchestratorStep> steps = new ArrayList<>();
    if (orchestrator != null) {
      List<Problem> ignored = new ArrayList<>();
      steps = OrchestratorStep.parse(JSON.readTree(orchestrator), ignored);
    }
    String format = row.getString("template_format");
    Instant createdAt = Timestamps.fromDatabase(row, "created_at");
    return new Product(
        new ProductKey(row.getString("name"), row.getString("version")),
        row.getString("description"),
        Optional.ofNullable(row.getString("logo_url")),
        JSON.readValue(row.getString("options_document"), new TypeReference<OptionsDocument>() {}),
        Optional.ofNullable(row.getString("template")),
        Optional.ofNullable(format).map(TemplateFormat::valueOf),
        steps,
        row.getBoolean("builtin"),
        createdAt,
        Timestamps.fromDatabase(row, "updated_at"));
  }
}
