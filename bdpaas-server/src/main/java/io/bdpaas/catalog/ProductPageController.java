package io.bdpaas.catalog;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.PageRequest;
import io.bdpaas.console.FormErrors;
import io.bdpaas.tenancy.Caller;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The console's product catalog: everyone browses it; administrators register products and edit the
 * options, template and orchestrator of the ones that are not built in.
 */
@Controller
public class ProductPageController {
  private static final int PAGE_SIZE = 25;

  private final CatalogService catalog;
  private final ObjectMapper json;

  public ProductPageController(CatalogService catalog, ObjectMapper json) {
    this.catalog = catalog;
    this.json = json;
  }

  /** A row of the options table. */
  public record OptionRow(String key, String section, String defaultValue, String description) {}

  @GetMapping("/products")
  public String list(Caller caller, @RequestParam(defaultValue = "0") int page, Model model) {
    model.addAttribute(
        "products", catalog.list(Optional.empty(), new PageRequest(Math.max(page, 0), PAGE_SIZE)));
    if (!model.containsAttribute("form")) {
      model.addAttribute("form", new CatalogService.Registration("", "", "", ""));
    }
    navigation(caller, model);
    return "products/list";
  }

  @PostMapping("/products")
  public String register(
      Caller caller,
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String version,
      @RequestParam(defaultValue = "") String description,
      @RequestParam(defaultValue = "") String logoUrl,
      Model model,
      RedirectAttributes redirect) {
    CatalogService.Registration form =
        new CatalogService.Registration(
            name.strip(), version.strip(), description, logoUrl.isBlank() ? null : logoUrl.strip());
    try {
      Product product = catalog.register(caller, form);
      redirect.addFlashAttribute(
          "notice",
          "Product "
              + product.key()
              + " registered. Give it options, a template and an orchestrator to make it"
              + " launchable.");
      return "redirect:" + path(product.key());
    } catch (BdpaasException e) {
      model.addAttribute(
          "form", new CatalogService.Registration(name, version, description, logoUrl));
      model.addAttribute("registerErrors", FormErrors.of(e));
      return list(caller, 0, model);
    }
  }

  @GetMapping("/products/{name}/{version}")
  public String detail(
      Caller caller, @PathVariable String name, @PathVariable String version, Model model) {
    Product product = catalog.get(key(name, version));
    OptionsDocument options = product.options();
    model.addAttribute("product", product);
    model.addAttribute("path", path(product.key()));
    model.addAttribute(
        "optionRows",
        options.defaults().entrySet().stream()
            .map(
                option ->
                    new OptionRow(
                        option.getKey(),
                        options.sectionOf(option.getKey()),
                        option.getValue() == null ? null : String.valueOf(option.getValue()),
                        options.descriptions().getOrDefault(option.getKey(), "")))
            .toList());
    model.addAttribute(
        "templateFormat",
        product.templateFormat().map(f -> f.name().toLowerCase(Locale.ROOT)).orElse("yaml"));
    model.addAttribute("editable", caller.isAdmin() && !product.builtin());
    putIfAbsent(model, "optionsText", pretty(options));
    putIfAbsent(model, "templateText", product.template().orElse(""));
    putIfAbsent(
        model,
        "orchestratorText",
        pretty(product.orchestrator().stream().map(OrchestratorStep::toDocument).toList()));
    navigation(caller, model);
    return "products/detail";
  }

  @PostMapping("/products/{name}/{version}/options")
  public String replaceOptions(
      Caller caller,
      @PathVariable String name,
      @PathVariable String version,
      @RequestParam(defaultValue = "") String document,
      Model model,
      RedirectAttributes redirect) {
    return savePart(
        caller,
        name,
        version,
        "options",
        Map.of("optionsText", document),
        model,
        redirect,
        key ->
            catalog.replaceOptions(caller, key, parse(document, OptionsDocument.class, "options")));
  }

  @PostMapping("/products/{name}/{version}/template")
  public String replaceTemplate(
      Caller caller,
      @PathVariable String name,
      @PathVariable String version,
      @RequestParam(defaultValue = "") String template,
      @RequestParam(defaultValue = "yaml") String format,
      Model model,
      RedirectAttributes redirect) {
    return savePart(
        caller,
        name,
        version,
        "template",
        Map.of("templateText", template, "templateFormatChoice", format),
        model,
        redirect,
        key -> {
          TemplateFormat templateFormat =
              switch (format.toLowerCase(Locale.ROOT)) {
                case "json" -> TemplateFormat.JSON;
                case "yaml" -> TemplateFormat.YAML;
                default -> throw BdpaasException.invalid("format", "must be json or yaml");
              };
          catalog.replaceTemplate(caller, key, template, templateFormat);
        });
  }

  @PostMapping("/products/{name}/{version}/orchestrator")
  public String replaceOrchestrator(
      Caller caller,
      @PathVariable String name,
      @PathVariable String version,
      @RequestParam(defaultValue = "") String document,
      Model model,
      RedirectAttributes redirect) {
    return savePart(
        caller,
        name,
        version,
        "orchestrator",
        Map.of("orchestratorText", document),
        model,
        redirect,
        key ->
            catalog.replaceOrchestrator(
                caller, key, parse(document, JsonNode.class, "orchestrator")));
  }

  /**
   * Saves one part of a product ({@code options}, {@code template} or {@code orchestrator}) and
   * redirects to the product with a notice. When the catalog rejects it, the product page is shown
   * again with the problems as {@code <part>Errors} and the submitted form values kept.
   */
  private String savePart(
      Caller caller,
      String name,
      String version,
      String part,
      Map<String, String> submitted,
      Model model,
      RedirectAttributes redirect,
      Consumer<ProductKey> save) {
    ProductKey key = key(name, version);
    try {
      save.accept(key);
      redirect.addFlashAttribute(
          "notice",
          Character.toUpperCase(part.charAt(0)) + part.substring(1) + " of " + key + " saved.");
      return "redirect:" + path(key);
    } catch (BdpaasException e) {
      model.addAttribute(part + "Errors", FormErrors.of(e));
      model.addAllAttributes(submitted);
      return detail(caller, name, version, model);
    }
  }

  @PostMapping("/products/{name}/{version}/delete")
  public String delete(
      Caller caller,
      @PathVariable String name,
      @PathVariable String version,
      RedirectAttributes redirect) {
    ProductKey key = key(name, version);
    try {
      catalog.delete(caller, key);
      redirect.addFlashAttribute("notice", "Product " + key + " deleted.");
      return "redirect:/products";
    } catch (BdpaasException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        throw e;
      }
      redirect.addFlashAttribute("error", e.getMessage());
      return "redirect:" + path(key);
    }
  }

  private <T> T parse(String document, Class<T> type, String field) {
    if (document.isBlank()) {
      throw BdpaasException.invalid(field, "is empty");
    }
    try {
      T parsed = json.readValue(document, type);
      if (parsed == null || parsed instanceof JsonNode node && node.isNull()) {
        throw BdpaasException.invalid(field, "must be a JSON document, not null");
      }
      return parsed;
    } catch (JacksonException e) {
      throw BdpaasException.invalid(field, "is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private String pretty(Object value) {
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
  }

  private static void putIfAbsent(Model model, String name, Object value) {
    if (!model.containsAttribute(name)) {
      model.addAttribute(name, value);
    }
  }

  /** Administrators reach the catalog under Admin; everyone else from Clusters. */
  private static void navigation(Caller caller, Model model) {
    model.addAttribute("navActive", caller.isAdmin() ? "admin" : "clusters");
    model.addAttribute("adminSection", "products");
  }

  static String path(ProductKey key) {
    return "/products/" + key.name() + "/" + key.version();
  }

  private static ProductKey key(String name, String version) {
    try {
      return new ProductKey(name, version);
    } catch (IllegalArgumentException e) {
      throw BdpaasException.notFound("Product", name + " " + version);
    }
  }
}
