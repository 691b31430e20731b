package io.bdpaas.catalog;

import static java.util.Objects.requireNonNull;

import io.bdpaas.api.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A product's options, in the shape of seed 003: {@code required}, {@code optional} and {@code
 * advanced} options with their default values, and a description of each. An option's type is the
 * type of its default: whole number, decimal number, boolean or string. A required option whose
 * default is null must be given by the user.
 */
public record OptionsDocument(
    Map<String, Object> required,
    Map<String, Object> optional,
    Map<String, Object> advanced,
    Map<String, String> descriptions) {
  static final String KEY_PATTERN = "[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*";

  public OptionsDocument {
    required = copy(required);
    optional = copy(optional);
    advanced = copy(advanced);
    descriptions = descriptions == null ? Map.of() : Map.copyOf(descriptions);
  }

  public static OptionsDocument empty() {
    return new OptionsDocument(Map.of(), Map.of(), Map.of(), Map.of());
  }

  private static Map<String, Object> copy(Map<String, Object> values) {
    // Keeps order and allows null defaults, which Map.copyOf does not.
    return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Problems with the document itself: bad keys, keys in two sections, unsupported types. */
  public List<Problem> check() {
    List<Problem> problems = new ArrayList<>();
    Map<String, String> sectionOf = new LinkedHashMap<>();
    checkSection("required", required, sectionOf, problems);
    checkSection("optional", optional, sectionOf, problems);
    checkSection("advanced", advanced, sectionOf, problems);
    for (String key : descriptions.keySet()) {
      if (!sectionOf.containsKey(key)) {
        problems.add(Problem.of("descriptions." + key, "describes an option that does not exist"));
      }
    }
    return problems;
  }

  private static void checkSection(
      String section,
      Map<String, Object> values,
      Map<String, String> sectionOf,
      List<Problem> problems) {
    values.forEach(
        (key, value) -> {
          String field = section + "." + key;
          if (!key.matches(KEY_PATTERN)) {
            problems.add(Problem.of(field, "option names are lower-case words joined by '.'"));
          }
          String earlier = sectionOf.putIfAbsent(key, section);
          if (earlier != null) {
            problems.add(Problem.of(field, "is also in " + earlier));
          }
          if (value == null ? !section.equals("required") : typeOf(value) == null) {
            problems.add(
                Problem.of(
                    field,
                    "default must be a number, a boolean or a string"
                        + (section.equals("required")
                            ? ", or null when the user must give it"
                            : "")));
          }
        });
  }

  /** All defaults, in order: required, then optional, then advanced. */
  public Map<String, Object> defaults() {
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.putAll(required);
    defaults.putAll(optional);
    defaults.putAll(advanced);
    return defaults;
  }

  /**
   * Merges a user's values over the defaults, as seed 003 does. Reports, all at once, unknown
   * options, values of the wrong type and required options left without a value.
   *
   * @param given the user's values (a JSON object), or null
   * @param field the request field that holds them, for problem paths
   */
  public Merged merge(JsonNode given, String field) {
    Map<String, Object> merged = defaults();
    List<Problem> problems = new ArrayList<>();
    if (given != null && !given.isNull()) {
      if (!given.isObject()) {
        return new Merged(Map.of(), List.of(Problem.of(field, "must be an object")));
      }
      for (String key : given.propertyNames()) {
        String path = field + "." + key;
        if (!merged.containsKey(key)) {
          problems.add(Problem.of(path, "unknown option"));
          continue;
        }
        JsonNode value = given.get(key);
        Object defaultValue = merged.get(key);
        Object converted = convert(value, defaultValue);
        if (converted == null) {
          problems.add(Problem.of(path, "must be " + describe(defaultValue)));
        } else {
          merged.put(key, converted);
        }
      }
    }
    merged.forEach(
        (key, value) -> {
          if (value == null) {
            problems.add(Problem.of(field + "." + key, "is required"));
          }
        });
    return new Merged(Collections.unmodifiableMap(merged), problems);
  }

  /** Merged options, or the problems that kept them from merging. */
  public record Merged(Map<String, Object> values, List<Problem> problems) {
    public Merged {
      requireNonNull(values, "values is null");
      problems = List.copyOf(problems);
    }
  }

  private static Object convert(JsonNode value, Object defaultValue) {
    if (value == null || value.isNull()) {
      return null;
    }
    String type = defaultValue == null ? typeOfNode(value) : typeOf(defaultValue);
    if (type == null) {
      return null;
    }
    return switch (type) {
      case "integer" ->
          value.isIntegralNumber() && value.canConvertToLong()
              ? (Object) narrow(value.asLong())
              : null;
      case "number" -> value.isNumber() ? value.asDouble() : null;
      case "boolean" -> value.isBoolean() ? value.asBoolean() : null;
      case "string" -> value.isString() ? value.asString() : null;
      default -> null;
    };
  }

  private static Object narrow(long value) {
    return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (Object) (int) value : value;
  }

  private static String typeOfNode(JsonNode value) {
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    return value.isString() ? "string" : null;
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
    return value instanceof String ? "string" : null;
  }

  private static String describe(Object defaultValue) {
    String type = defaultValue == null ? null : typeOf(defaultValue);
    if (type == null) {
      return "a number, a boolean or a string";
    }
    return switch (type) {
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      default -> "a string";
    };
  }

  /** Which section an option is in, for forms. */
  public String sectionOf(String key) {
    if (required.containsKey(key)) {
      return "required";
    }
    return optional.containsKey(key) ? "optional" : "advanced";
  }
}
