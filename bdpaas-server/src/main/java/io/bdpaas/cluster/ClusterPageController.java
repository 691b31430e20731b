package io.bdpaas.cluster;

import io.bdpaas.account.User;
import io.bdpaas.account.UserStore;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.backend.LogStream;
import io.bdpaas.catalog.CatalogService;
import io.bdpaas.catalog.OptionsDocument;
import io.bdpaas.catalog.Product;
import io.bdpaas.catalog.ProductKey;
import io.bdpaas.console.FormErrors;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.UserId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's Clusters pages: the list with filters, the creation form generated from a product's
 * options document, a cluster's detail (nodes, services, events), node logs, and destroy.
 */
@Controller
public class ClusterPageController {
  private static final int PAGE_SIZE = 25;
  private static final int EVENTS_PAGE_SIZE = 20;
  private static final int LOG_LINES = 500;

  /** Form fields that carry option values are named {@code option.<key>}. */
  private static final String OPTION_PREFIX = "option.";

  private static final Set<ClusterStatus> TRANSITIONAL =
      EnumSet.of(
          ClusterStatus.REGISTERED,
          ClusterStatus.SCHEDULING,
          ClusterStatus.SCHEDULED,
          ClusterStatus.CONFIGURING,
          ClusterStatus.CONFIGURED);

  private final ClusterService clusters;
  private final CatalogService catalog;
  private final UserStore users;

  public ClusterPageController(ClusterService clusters, CatalogService catalog, UserStore users) {
    this.clusters = clusters;
    this.catalog = catalog;
    this.users = users;
  }

  /** One input of the creation form, generated from an option of the product. */
  public record OptionField(
      String key, String section, String type, String description, String value, boolean given) {
    public String inputName() {
      return OPTION_PREFIX + key;
    }

    public String inputId() {
      return "option-" + key.replace('.', '-');
    }

    public String errorField() {
      return "options." + key;
    }

    public boolean checked() {
      return "true".equals(value);
    }
  }

  /** A launchable product version, as offered in the product select. */
  public record Choice(String name, String version, String description, boolean selected) {
    public String label() {
      return name + " " + version;
    }
  }

  @GetMapping("/clusters")
  public String list(
      Caller caller,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String product,
      @RequestParam(required = false) String owner,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    Optional<ClusterStatus> statusFilter = Optional.empty();
    if (status != null && !status.isBlank()) {
      try {
        statusFilter = Optional.of(ClusterStatus.fromWireName(status));
      } catch (IllegalArgumentException e) {
        throw BdpaasException.invalid("status", "unknown cluster status " + status);
      }
    }
    Optional<String> productFilter =
        product == null || product.isBlank() ? Optional.empty() : Optional.of(product);
    Optional<String> ownerFilter =
        owner == null || owner.isBlank() ? Optional.empty() : Optional.of(owner);
    Optional<UserId> ownerId = ownerFilter.flatMap(users::findByUsername).map(User::id);
    PageRequest pageRequest = new PageRequest(Math.max(page, 0), PAGE_SIZE);
    Page<ClusterSummary> found =
        ownerFilter.isPresent() && ownerId.isEmpty()
            ? Page.of(List.of(), pageRequest, 0) // nobody of that name owns anything
            : clusters.list(
                caller,
                new ClusterService.Filter(ownerId, productFilter, Optional.empty(), statusFilter),
                pageRequest);
    Map<UserId, String> owners =
        users.usernames(found.items().stream().map(ClusterSummary::ownerId).toList());
    model.addAttribute(
        "clusters",
        found.map(
            cluster ->
                ClusterController.view(cluster, owners.getOrDefault(cluster.ownerId(), "?"))));
    model.addAttribute(
        "statuses", Arrays.stream(ClusterStatus.values()).map(ClusterStatus::wireName).toList());
    model.addAttribute(
        "productNames",
        catalog.list(Optional.empty(), PageRequest.first(PageRequest.MAX_SIZE)).items().stream()
            .map(p -> p.key().name())
            .distinct()
            .toList());
    model.addAttribute("statusFilter", statusFilter.map(ClusterStatus::wireName).orElse(""));
    model.addAttribute("productFilter", productFilter.orElse(""));
    model.addAttribute("ownerFilter", ownerFilter.orElse(""));
    model.addAttribute(
        "ownerNames",
        caller.isAdmin()
            ? users.list(PageRequest.first(PageRequest.MAX_SIZE)).items().stream()
                .map(User::username)
                .toList()
            : List.of());
    model.addAttribute(
        "filtered",
        statusFilter.isPresent() || productFilter.isPresent() || ownerFilter.isPresent());
    model.addAttribute(
        "autoRefresh", found.items().stream().anyMatch(ClusterPageController::refreshes));
    return "clusters/list";
  }

  @GetMapping("/clusters/new")
  public String newCluster(
      Caller caller,
      @RequestParam(required = false) String product,
      @RequestParam(required = false) String version,
      @RequestParam(required = false) String size,
      @RequestParam(required = false) String name,
      Model model) {
    List<Product> launchable = launchableProducts();
    Optional<Product> chosen =
        launchable.stream()
            .filter(p -> p.key().name().equals(product) && p.key().version().equals(version))
            .findFirst()
            .or(() -> launchable.stream().filter(p -> p.key().name().equals(product)).findFirst())
            .or(() -> launchable.stream().findFirst());
    return form(launchable, chosen, size == null ? "1" : size, name, Map.of(), null, model);
  }

  @PostMapping("/clusters")
  public String create(
      Caller caller,
      @RequestParam MultiValueMap<String, String> form,
      Model model,
      RedirectAttributes redirect) {
    String product = form.getFirst("product");
    String version = form.getFirst("version");
    String sizeText = Optional.ofNullable(form.getFirst("size")).orElse("").strip();
    String nameText = Optional.ofNullable(form.getFirst("name")).orElse("").strip();
    Optional<Product> chosen = findProduct(product, version);
    try {
      Integer size = parseSize(sizeText);
      ObjectNode options = chosen.map(p -> options(p.options(), form)).orElse(null);
      Cluster cluster =
          clusters.create(
              caller,
              new ClusterService.CreateRequest(
                  nameText.isEmpty() ? null : nameText, product, version, size, options));
      redirect.addFlashAttribute(
          "notice",
          "Cluster " + cluster.name() + " created: it is being scheduled and will start shortly.");
      return "redirect:/clusters/" + cluster.id().value();
    } catch (BdpaasException e) {
      Map<String, String> given = new HashMap<>();
      form.forEach(
          (key, values) -> {
            if (key.startsWith(OPTION_PREFIX)) {
              given.put(key.substring(OPTION_PREFIX.length()), values.get(values.size() - 1));
            }
          });
      return form(launchableProducts(), chosen, sizeText, nameText, given, FormErrors.of(e), model);
    }
  }

  @GetMapping("/clusters/{id}")
  public String detail(
      Caller caller,
      @PathVariable ClusterId id,
      @RequestParam(defaultValue = "0") int eventsPage,
      Model model) {
    Cluster cluster = clusters.get(caller, id);
    List<ClusterService.NodeReport> nodes = clusters.nodes(caller, id);
    model.addAttribute("cluster", ClusterController.view(cluster, owner(cluster, new HashMap<>())));
    model.addAttribute("nodes", nodes.stream().map(ClusterController::nodeView).toList());
    model.addAttribute("services", ClusterController.serviceViews(cluster, nodes));
    model.addAttribute(
        "events",
        clusters.events(caller, id, new PageRequest(Math.max(eventsPage, 0), EVENTS_PAGE_SIZE)));
    model.addAttribute("autoRefresh", refreshes(cluster.summary()));
    model.addAttribute("engineUi", cluster.summary().engineUiPath().orElse(null));
    return "clusters/detail";
  }

  @PostMapping("/clusters/{id}/destroy")
  public String destroy(Caller caller, @PathVariable ClusterId id, RedirectAttributes redirect) {
    Cluster cluster = clusters.destroy(caller, id);
    redirect.addFlashAttribute(
        "notice",
        cluster.status() == ClusterStatus.DESTROYED
            ? "Cluster " + cluster.name() + " is destroyed."
            : "Destroying cluster " + cluster.name() + ": its processes are being stopped.");
    return "redirect:/clusters/" + cluster.id().value();
  }

  /**
   * Resizes from the cluster page; a size that does not fit (or is not a number) comes back as an
   * error on the page, nothing changed.
   */
  @PostMapping("/clusters/{id}/resize")
  public String resize(
      Caller caller,
      @PathVariable ClusterId id,
      @RequestParam(defaultValue = "") String size,
      RedirectAttributes redirect) {
    Cluster cluster = clusters.get(caller, id);
    Integer requested;
    try {
      requested = Integer.valueOf(size.strip());
    } catch (NumberFormatException e) {
      redirect.addFlashAttribute("error", "Size must be a whole number, got '" + size + "'.");
      return "redirect:/clusters/" + cluster.id().value();
    }
    try {
      Cluster resized = clusters.resize(caller, id, new ClusterService.ResizeRequest(requested));
      redirect.addFlashAttribute(
          "notice",
          requested == cluster.spec().size()
              ? "Cluster " + cluster.name() + " already has size " + requested + "."
              : "Resizing cluster "
                  + resized.name()
                  + " from "
                  + cluster.spec().size()
                  + " to "
                  + requested
                  + ": nodes are being added or removed; the others keep running.");
    } catch (BdpaasException e) {
      redirect.addFlashAttribute("error", "Not resized: " + describe(e));
    }
    return "redirect:/clusters/" + cluster.id().value();
  }

  @GetMapping("/clusters/{id}/nodes/{node}/log")
  public String log(
      Caller caller,
      @PathVariable ClusterId id,
      @PathVariable String node,
      @RequestParam(defaultValue = "stdout") String stream,
      Model model) {
    LogStream logStream;
    try {
      logStream = LogStream.valueOf(stream.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw BdpaasException.invalid("stream", "must be stdout or stderr");
    }
    Cluster cluster = clusters.get(caller, id);
    List<String> lines = clusters.tail(caller, id, node, logStream, LOG_LINES);
    model.addAttribute("cluster", cluster);
    model.addAttribute("node", node);
    model.addAttribute("stream", logStream.name().toLowerCase(Locale.ROOT));
    model.addAttribute("lines", lines);
    model.addAttribute("maxLines", LOG_LINES);
    model.addAttribute("text", String.join("\n", lines));
    return "clusters/log";
  }

  private String form(
      List<Product> launchable,
      Optional<Product> chosen,
      String size,
      String name,
      Map<String, String> given,
      FormErrors errors,
      Model model) {
    model.addAttribute(
        "choices",
        launchable.stream()
            .map(
                p ->
                    new Choice(
                        p.key().name(),
                        p.key().version(),
                        p.description(),
                        chosen.map(c -> c.key().equals(p.key())).orElse(false)))
            .toList());
    model.addAttribute("product", chosen.orElse(null));
    List<OptionField> fields = chosen.map(p -> fields(p.options(), given)).orElse(List.of());
    model.addAttribute("requiredFields", section(fields, "required"));
    model.addAttribute("optionalFields", section(fields, "optional"));
    model.addAttribute("advancedFields", section(fields, "advanced"));
    model.addAttribute(
        "advancedOpen",
        errors != null
            && section(fields, "advanced").stream().anyMatch(f -> errors.has(f.errorField())));
    model.addAttribute("size", size);
    model.addAttribute("name", name == null ? "" : name);
    model.addAttribute("errors", errors);
    if (errors != null) {
      List<String> shown = new ArrayList<>(List.of("size", "name", "product", "version"));
      fields.forEach(f -> shown.add(f.errorField()));
      model.addAttribute("otherErrors", errors.others(shown.toArray(String[]::new)));
    }
    return "clusters/new";
  }

  private static List<OptionField> section(List<OptionField> fields, String section) {
    return fields.stream().filter(f -> f.section().equals(section)).toList();
  }

  /** The form's inputs, in the document's order, with the user's values over the defaults. */
  static List<OptionField> fields(OptionsDocument document, Map<String, String> given) {
    List<OptionField> fields = new ArrayList<>();
    document
        .defaults()
        .forEach(
            (key, defaultValue) -> {
              String type = typeOf(defaultValue);
              String value =
                  given.containsKey(key)
                      ? given.get(key)
                      : defaultValue == null ? "" : String.valueOf(defaultValue);
              fields.add(
                  new OptionField(
                      key,
                      document.sectionOf(key),
                      type,
                      document.descriptions().getOrDefault(key, ""),
                      value,
                      given.containsKey(key)));
            });
    return fields;
  }

  /**
   * The options JSON of a submitted form, every option typed as its default: whole numbers as JSON
   * integers, decimals as numbers, booleans from checkboxes. A value that does not parse is sent as
   * a string so that the service names the option and the type it expects. Empty inputs keep the
   * default (and a required option without a default is then reported as missing).
   */
  static ObjectNode options(OptionsDocument document, MultiValueMap<String, String> form) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode options = json.objectNode();
    document
        .defaults()
        .forEach(
            (key, defaultValue) -> {
              String type = typeOf(defaultValue);
              List<String> values = form.get(OPTION_PREFIX + key);
              if (type.equals("boolean")) {
                // A checkbox sends "true" when ticked; its hidden companion always sends "false".
                options.put(key, values != null && values.contains("true"));
                return;
              }
              String text = values == null ? "" : values.get(values.size() - 1).strip();
              if (text.isEmpty()) {
                return;
              }
              options.set(key, typed(type, text, defaultValue == null));
            });
    return options;
  }

  private static JsonNode typed(String type, String text, boolean untyped) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    if (untyped) {
      // A required option without a default has no type yet: take the value as it reads.
      if (text.equals("true") || text.equals("false")) {
        return json.booleanNode(Boolean.parseBoolean(text));
      }
      type = "integer";
    }
    if (type.equals("integer")) {
      try {
        return json.numberNode(Long.parseLong(text));
      } catch (NumberFormatException e) {
        type = "number";
      }
    }
    if (type.equals("number")) {
      try {
        return json.numberNode(new BigDecimal(text).doubleValue());
      } catch (NumberFormatException e) {
        return json.stringNode(text);
      }
    }
    return json.stringNode(text);
  }

  static String typeOf(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return "integer";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    return "string";
  }

  private static Integer parseSize(String size) {
    if (size.isEmpty()) {
      return null;
    }
    try {
      return Integer.parseInt(size);
    } catch (NumberFormatException e) {
      throw BdpaasException.invalid("size", "must be a whole number");
    }
  }

  private List<Product> launchableProducts() {
    return catalog.list(Optional.empty(), PageRequest.first(PageRequest.MAX_SIZE)).items().stream()
        .filter(Product::launchable)
        .toList();
  }

  private Optional<Product> findProduct(String name, String version) {
    if (name == null || version == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(catalog.get(new ProductKey(name, version)));
    } catch (IllegalArgumentException | BdpaasException e) {
      return Optional.empty();
    }
  }

  private String owner(Cluster cluster, Map<UserId, String> cache) {
    return cache.computeIfAbsent(
        cluster.ownerId(), id -> users.findById(id).map(u -> u.username()).orElse("?"));
  }

  /** Whether the page should reload itself: the cluster is on its way somewhere. */
  private static boolean refreshes(ClusterSummary cluster) {
    return TRANSITIONAL.contains(cluster.status())
        || cluster.resizeRequested()
        || (cluster.spec().destroyRequested() && cluster.status() != ClusterStatus.DESTROYED);
  }

  /** A failure as one sentence: its problems, or its message when it has none. */
  private static String describe(BdpaasException failure) {
    return failure.problems().isEmpty()
        ? failure.getMessage()
        : failure.problems().stream()
            .map(problem -> problem.field() + " " + problem.message())
            .collect(Collectors.joining("; "));
  }
}
