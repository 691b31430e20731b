package io.bdpaas.streaming;

import static java.util.Objects.requireNonNull;

import io.bdpaas.api.PrintableText;
import io.bdpaas.api.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an application package says about itself: its name, version and description, and the
 * streaming applications it contains, each with its entry class, a description, a default
 * parallelism and default properties. A jar carries it as {@value #PATH}:
 *
 * <pre>{@code
 * {"name": "wordcount-demo", "version": "1.0.0", "description": "...",
 *  "applications": [{"name": "wordcount", "entryClass": "io.example.WordCount",
 *                    "description": "...", "parallelism": 1, "properties": {"rate": "1000"}}]}
 * }</pre>
 *
 * A jar without one is a package of one application: its manifest's {@code Main-Class}.
 */
public record PackageDescriptor(
    String name, String version, String description, List<Application> applications) {
  /** Where a jar carries its descriptor. */
  public static final String PATH = "META-INF/bdpaas-package.json";

  public static final int MAX_BYTES = 64 * 1024;
  public static final int MAX_APPLICATIONS = 50;
  public static final int MAX_PARALLELISM = 64;
  public static final int MAX_PROPERTIES = 100;
  private static final int MAX_DESCRIPTION = 2000;
  private static final int MAX_PROPERTY_VALUE = 2000;
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
  private static final Pattern PROPERTY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public PackageDescriptor {
    requireNonNull(name, "name is null");
    requireNonNull(version, "version is null");
    requireNonNull(description, "description is null");
    applications = List.copyOf(applications);
  }

  /** One streaming application of a package, with the defaults a launch starts from. */
  public record Application(
      String name,
      String entryClass,
      String description,
      int parallelism,
      Map<String, String> properties) {
    public Application {
      requireNonNull(name, "name is null");
      requireNonNull(entryClass, "entryClass is null");
      requireNonNull(description, "description is null");
      properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
  }

  /** The application of that name, if the package has one. */
  public Optional<Application> application(String application) {
    return applications.stream().filter(app -> app.name().equals(application)).findFirst();
  }

  /**
   * A package of one application, the jar's {@code Main-Class}, for a jar without a descriptor: the
   * application is named after the package.
   */
  public static PackageDescriptor ofMainClass(String name, String version, String mainClass) {
    return new PackageDescriptor(
        name,
        version,
        "",
        List.of(new Application(name, mainClass, "The jar's Main-Class", 1, Map.of())));
  }

  /**
   * Reads a descriptor, or every problem it has (as {@code descriptor.<field>}), or {@code
   * package.name}/{@code version} problems of the given name and version, which take the place of
   * the descriptor's own when present (an upload may rename or re-version a package).
   */
  public static Parsed parse(byte[] json, Optional<String> name, Optional<String> version) {
    List<Problem> problems = new ArrayList<>();
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      return Parsed.of(
          List.of(
              Problem.of(
                  "descriptor", PATH + " is not JSON: " + cut(e.getOriginalMessage(), 200))));
    }
    if (root == null || !root.isObject()) {
      return Parsed.of(List.of(Problem.of("descriptor", PATH + " must hold a JSON object")));
    }
    String packageName = name.orElse(text(root, "name"));
    String packageVersion = version.orElse(text(root, "version"));
    problems.addAll(nameProblems(name.isPresent() ? "name" : "descriptor.name", packageName));
    problems.addAll(
        versionProblems(version.isPresent() ? "version" : "descriptor.version", packageVersion));
    String description = text(root, "description");
    problems.addAll(descriptionProblems("descriptor.description", description));
    JsonNode apps = root.path("applications");
    List<Application> applications = new ArrayList<>();
    if (!apps.isArray() || apps.isEmpty()) {
      problems.add(Problem.of("descriptor.applications", "must list at least one application"));
    } else if (apps.size() > MAX_APPLICATIONS) {
      problems.add(
          Problem.of(
              "descriptor.applications",
              "must list at most " + MAX_APPLICATIONS + " applications"));
    } else {
      for (int i = 0; i < apps.size(); i++) {
        application(apps.get(i), "descriptor.applications[" + i + "]", problems)
            .ifPresent(applications::add);
      }
      List<String> names = applications.stream().map(Application::name).toList();
      if (names.stream().distinct().count() != names.size()) {
        problems.add(Problem.of("descriptor.applications", "application names must be unique"));
      }
    }
    if (!problems.isEmpty()) {
      return Parsed.of(problems);
    }
    return new Parsed(
        Optional.of(new PackageDescriptor(packageName, packageVersion, description, applications)),
        List.of());
  }

  /** A descriptor, or why there is none. */
  public record Parsed(Optional<PackageDescriptor> descriptor, List<Problem> problems) {
    static Parsed of(List<Problem> problems) {
      return new Parsed(Optional.empty(), problems);
    }
  }

  private static Optional<Application> application(
      JsonNode app, String field, List<Problem> problems) {
    if (!app.isObject()) {
      problems.add(Problem.of(field, "must be an object"));
      return Optional.empty();
    }
    int before = problems.size();
    String appName = text(app, "name");
    problems.addAll(nameProblems(field + ".name", appName));
    String entryClass = text(app, "entryClass");
    if (!isClassName(entryClass)) {
      problems.add(Problem.of(field + ".entryClass", "must be a fully qualified Java class name"));
    }
    String description = text(app, "description");
    problems.addAll(descriptionProblems(field + ".description", description));
    int parallelism = 1;
    JsonNode given = app.path("parallelism");
    if (!given.isMissingNode() && !given.isNull()) {
      if (!given.isInt() || given.asInt() < 1 || given.asInt() > MAX_PARALLELISM) {
        problems.add(
            Problem.of(field + ".parallelism", "must be a number from 1 to " + MAX_PARALLELISM));
      } else {
        parallelism = given.asInt();
      }
    }
    Map<String, String> properties = new LinkedHashMap<>();
    JsonNode props = app.path("properties");
    if (!props.isMissingNode() && !props.isNull()) {
      if (!props.isObject()) {
        problems.add(Problem.of(field + ".properties", "must be an object of strings"));
      } else {
        for (var entry : props.properties()) {
          if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
            problems.add(
                Problem.of(field + ".properties." + entry.getKey(), "must be a string or number"));
          } else {
            properties.put(entry.getKey(), entry.getValue().asString());
          }
        }
        problems.addAll(propertyProblems(field + ".properties", properties));
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new Application(appName, entryClass, description, parallelism, properties));
  }

  /** Problems of a package or application name. */
  public static List<Problem> nameProblems(String field, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return List.of(
          Problem.of(
              field,
              "must be 1 to 100 lower-case letters, digits, '.', '_' or '-', starting with a"
                  + " letter or digit"));
    }
    return List.of();
  }

  /** Problems of a package version. */
  public static List<Problem> versionProblems(String field, String version) {
    if (version == null || !VERSION.matcher(version).matches()) {
      return List.of(
          Problem.of(
              field,
              "must be 1 to 64 letters, digits, '.', '_', '+' or '-', starting with a letter or"
                  + " digit"));
    }
    return List.of();
  }

  /** Problems of launch properties: names, values, how many. */
  public static List<Problem> propertyProblems(String field, Map<String, String> properties) {
    List<Problem> problems = new ArrayList<>();
    if (properties.size() > MAX_PROPERTIES) {
      problems.add(Problem.of(field, "must hold at most " + MAX_PROPERTIES + " properties"));
    }
    properties.forEach(
        (key, value) -> {
          if (!PROPERTY.matcher(key).matches()) {
            problems.add(
                Problem.of(
                    field,
                    "'"
                        + cut(key, 100)
                        + "' is not a property name: 1 to 100 letters, digits, '.', '_' or '-'"));
          } else if (value == null || value.length() > MAX_PROPERTY_VALUE) {
            problems.add(
                Problem.of(
                    field + "." + key,
                    "must be a value of at most " + MAX_PROPERTY_VALUE + " characters"));
          } else if (!value.isEmpty() && !PrintableText.isPrintable(value)) {
            problems.add(Problem.of(field + "." + key, PrintableText.RULE));
          }
        });
    return problems;
  }

  private static List<Problem> descriptionProblems(String field, String description) {
    if (description.length() > MAX_DESCRIPTION) {
      return List.of(Problem.of(field, "must be at most " + MAX_DESCRIPTION + " characters"));
    }
    return description.isEmpty()
        ? List.of()
        : PrintableText.check(field, description.replace('\n', ' '));
  }

  /** Whether {@code text} is a fully qualified Java class name (a package is optional). */
  public static boolean isClassName(String text) {
    if (text == null || text.isEmpty() || text.length() > 400) {
      return false;
    }
    for (String part : text.split("\\.", -1)) {
      if (!SourceVersion.isIdentifier(part) || SourceVersion.isKeyword(part)) {
        return false;
      }
    }
    return true;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() ? value.asString() : "";
  }

  private static String cut(String text, int max) {
    String value = text == null ? "" : text;
    return value.length() <= max ? value : value.substring(0, max) + "…";
  }
}
