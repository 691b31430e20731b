package io.bdpaas.notebook;

import static java.util.Objects.requireNonNull;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The platform's own notebook file: what an export writes and an import reads back.
 *
 * <pre>{@code
 * {"format": "bdpaas-notebook", "version": 1, "name": "Sales",
 *  "paragraphs": [{"id": "para-0a1b2c3d", "kind": "sql", "title": "By region",
 *                  "text": "select region, sum(amount) from sales where year = :year group by 1",
 *                  "parameters": [{"name": "year", "default": "2024"}],
 *                  "display": {"mode": "chart", "type": "bar", "key": "region",
 *                              "value": "sum(amount)", "aggregation": "sum"}}]}
 * }</pre>
 *
 * <p>An import checks the whole document and reports every problem at once, each with its path
 * ({@code paragraphs[3].kind}); unknown fields are problems too, so that a misspelt field is not
 * silently lost. Paragraphs without an id, or with an id already used earlier in the file, get a
 * fresh one. The caller limits the size of the input; the parser itself refuses deep nesting and
 * huge names or numbers, which no notebook needs.
 */
public final class NotebookJson {
  public static final String FORMAT = "bdpaas-notebook";
  public static final int VERSION = 1;
  static final int MAX_NESTING_DEPTH = 32;

  private static final JsonMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_NESTING_DEPTH)
                          // above the text limit, so that a long text is named by its path
                          .maxStringLength(4 * Paragraph.MAX_TEXT_BYTES)
                          .maxNameLength(1000)
                          .maxNumberLength(100)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .build();

  private static final Set<String> NOTEBOOK_FIELDS =
      Set.of("format", "version", "name", "paragraphs");
  private static final Set<String> PARAGRAPH_FIELDS =
      Set.of("id", "kind", "title", "text", "foreignInterpreter", "parameters", "display");
  private static final Set<String> PARAMETER_FIELDS = Set.of("name", "default");
  private static final Set<String> DISPLAY_FIELDS =
      Set.of("mode", "type", "key", "value", "group", "aggregation");

  private NotebookJson() {}

  /** The notebook as an export file, pretty-printed. */
  public static String write(Notebook notebook) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree(notebook));
  }

  /** The notebook as an export file's JSON tree (the API answers notebooks in this shape). */
  public static ObjectNode tree(Notebook notebook) {
    requireNonNull(notebook, "notebook is null");
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("name", notebook.name());
    ArrayNode paragraphs = root.putArray("paragraphs");
    for (Paragraph paragraph : notebook.paragraphs()) {
      paragraphs.add(tree(paragraph));
    }
    return root;
  }

  /** One paragraph as the export file writes it. */
  public static ObjectNode tree(Paragraph paragraph) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", paragraph.id().value());
    node.put("kind", paragraph.kind().name().toLowerCase(Locale.ROOT));
    paragraph.title().ifPresent(title -> node.put("title", title));
    node.put("text", paragraph.text());
    paragraph.foreignInterpreter().ifPresent(name -> node.put("foreignInterpreter", name));
    if (!paragraph.parameters().isEmpty()) {
      ArrayNode parameters = node.putArray("parameters");
      for (Parameter parameter : paragraph.parameters()) {
        ObjectNode declared = parameters.addObject();
        declared.put("name", parameter.name());
        parameter.defaultValue().ifPresent(value -> declared.put("default", value));
      }
    }
    Display display = paragraph.display();
    if (!display.equals(Display.table())) {
      ObjectNode shown = node.putObject("display");
      shown.put("mode", display.mode().wireName());
      shown.put("type", display.type().wireName());
      display.key().ifPresent(key -> shown.put("key", key));
      display.value().ifPresent(value -> shown.put("value", value));
      display.group().ifPresent(group -> shown.put("group", group));
      shown.put("aggregation", display.aggregation().wireName());
    }
    return node;
  }

  /**
   * Reads one paragraph in the export file's shape (what the API takes to add or change one), or
   * throws a validation failure naming every problem in it. Without an id it gets a fresh one.
   */
  public static Paragraph readParagraph(byte[] json) {
    requireNonNull(json, "json is null");
    JsonNode root = parse(json);
    List<Problem> problems = new ArrayList<>();
    Optional<Paragraph> paragraph = readParagraph(root, "", new HashSet<>(), problems);
    BdpaasException.throwIfAny(
        problems.stream()
            .map(problem -> Problem.of(problem.field().replaceFirst("^\\.", ""), problem.message()))
            .toList());
    return paragraph.orElseThrow(() -> BdpaasException.invalid("", "is not a paragraph"));
  }

  /** Reads an export file, or throws a validation failure naming every problem in it. */
  public static Notebook read(String json) {
    requireNonNull(json, "json is null");
    return read(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads an export file, or throws a validation failure naming every problem in it. */
  public static Notebook read(byte[] json) {
    requireNonNull(json, "json is null");
    JsonNode root = parse(json);
    if (!root.isObject()) {
      throw BdpaasException.invalid("", "a notebook file holds one JSON object");
    }
    List<Problem> problems = new ArrayList<>();
    checkFormat(root, problems);
    BdpaasException.throwIfAny(problems); // the rest would only be noise
    unknownFields(root, NOTEBOOK_FIELDS, "", problems);
    String name = requiredString(root, "name", "name", problems);
    if (name != null) {
      Notebook.nameProblem(name).ifPresent(problem -> problems.add(Problem.of("name", problem)));
    }
    List<Paragraph> paragraphs = new ArrayList<>();
    JsonNode items = root.get("paragraphs");
    if (items == null || !items.isArray()) {
      problems.add(Problem.of("paragraphs", "must be a list of paragraphs"));
    } else if (items.size() > Notebook.MAX_PARAGRAPHS) {
      problems.add(
          Problem.of(
              "paragraphs",
              "has "
                  + items.size()
                  + " paragraphs; a notebook has at most "
                  + Notebook.MAX_PARAGRAPHS));
    } else {
      Set<ParagraphId> taken = new HashSet<>();
      for (int i = 0; i < items.size(); i++) {
        readParagraph(items.get(i), "paragraphs[" + i + "]", taken, problems)
            .ifPresent(paragraphs::add);
      }
    }
    BdpaasException.throwIfAny(problems);
    return new Notebook(name, paragraphs);
  }

  /**
   * Parses JSON under this format's limits; malformed or over-deep input is a validation failure
   * naming where it went wrong.
   */
  static JsonNode parse(byte[] json) {
    return parse(JSON, json);
  }

  static JsonNode parse(JsonMapper mapper, byte[] json) {
    try {
      JsonNode root = mapper.readTree(json);
      if (root == null || root.isMissingNode()) {
        throw BdpaasException.invalid("", "is empty; expected a JSON object");
      }
      return root;
    } catch (StreamConstraintsException e) {
      throw BdpaasException.invalid(
          "", "is beyond the limits of a notebook file: " + e.getOriginalMessage() + at(e));
    } catch (JacksonException e) {
      throw BdpaasException.invalid("", "is not valid JSON: " + e.getOriginalMessage() + at(e));
    }
  }

  private static String at(JacksonException e) {
    TokenStreamLocation location = e.getLocation();
    return location == null || location.getLineNr() < 0
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static void checkFormat(JsonNode root, List<Problem> problems) {
    JsonNode format = root.get("format");
    if (format == null) {
      problems.add(
          Problem.of(
              "format",
              root.has("paragraphs") && !root.has("version")
                  ? "is missing: this looks like a Zeppelin note; import it as one"
                  : "is missing: this is not a BDPaaS notebook file"));
      return;
    }
    if (!format.isString() || !format.stringValue().equals(FORMAT)) {
      problems.add(
          Problem.of("format", "must be \"" + FORMAT + "\"; this file is " + describe(format)));
      return;
    }
    JsonNode version = root.get("version");
    if (version == null) {
      problems.add(Problem.of("version", "is missing; this server reads version " + VERSION));
    } else if (!version.isIntegralNumber() || !version.canConvertToInt()) {
      problems.add(Problem.of("version", "must be a whole number; it is " + describe(version)));
    } else if (version.intValue() != VERSION) {
      problems.add(
          Problem.of(
              "version",
              "version "
                  + version.intValue()
                  + " is not supported; this server reads version "
                  + VERSION
                  + (version.intValue() > VERSION ? " (the file comes from a newer server)" : "")));
    }
  }

  private static Optional<Paragraph> readParagraph(
      JsonNode node, String path, Set<ParagraphId> taken, List<Problem> problems) {
    if (node == null || !node.isObject()) {
      problems.add(Problem.of(path, "must be an object"));
      return Optional.empty();
    }
    int before = problems.size();
    unknownFields(node, PARAGRAPH_FIELDS, path, problems);

    ParagraphId id = null;
    String idText = optionalString(node, "id", path + ".id", problems);
    if (idText != null) {
      if (!ParagraphId.isWellFormed(idText)) {
        problems.add(Problem.of(path + ".id", "must look like para-0a1b2c3d"));
      } else if (taken.add(new ParagraphId(idText))) {
        id = new ParagraphId(idText);
      }
    }

    ParagraphKind kind = requiredEnum(node, "kind", path + ".kind", ParagraphKind.class, problems);
    String title = optionalString(node, "title", path + ".title", problems);
    if (title != null) {
      Notebook.nameProblem(title)
          .ifPresent(problem -> problems.add(Problem.of(path + ".title", problem)));
    }
    String text = requiredString(node, "text", path + ".text", problems);
    if (text != null) {
      Paragraph.textProblem(text)
          .ifPresent(problem -> problems.add(Problem.of(path + ".text", problem)));
    }
    String interpreter =
        optionalString(node, "foreignInterpreter", path + ".foreignInterpreter", problems);
    if (interpreter != null) {
      if (kind != null && kind != ParagraphKind.TEXT) {
        problems.add(
            Problem.of(path + ".foreignInterpreter", "is only for paragraphs of kind text"));
      }
      Paragraph.interpreterProblem(interpreter)
          .ifPresent(problem -> problems.add(Problem.of(path + ".foreignInterpreter", problem)));
    }
    List<Parameter> parameters = readParameters(node.get("parameters"), path, kind, problems);
    Display display = readDisplay(node.get("display"), path + ".display", problems);

    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new Paragraph(
            id == null ? Notebook.freshId(taken) : id,
            kind,
            Optional.ofNullable(title),
            text,
            Optional.ofNullable(interpreter),
            parameters,
            display));
  }

  private static List<Parameter> readParameters(
      JsonNode node, String paragraphPath, ParagraphKind kind, List<Problem> problems) {
    String path = paragraphPath + ".parameters";
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      problems.add(Problem.of(path, "must be a list of parameters"));
      return List.of();
    }
    if (kind != null && kind != ParagraphKind.SQL && !node.isEmpty()) {
      problems.add(Problem.of(path, "only paragraphs of kind sql have parameters"));
    }
    List<Parameter> parameters = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String itemPath = path + "[" + i + "]";
      JsonNode item = node.get(i);
      if (!item.isObject()) {
        problems.add(Problem.of(itemPath, "must be an object with a name and a default"));
        continue;
      }
      unknownFields(item, PARAMETER_FIELDS, itemPath, problems);
      String name = requiredString(item, "name", itemPath + ".name", problems);
      String defaultValue = optionalString(item, "default", itemPath + ".default", problems);
      boolean valid = name != null;
      if (name != null) {
        Optional<String> problem = Parameter.nameProblem(name);
        if (problem.isPresent()) {
          problems.add(Problem.of(itemPath + ".name", problem.get()));
          valid = false;
        } else if (!names.add(name)) {
          problems.add(Problem.of(itemPath + ".name", "parameter " + name + " is declared twice"));
          valid = false;
        }
      }
      if (defaultValue != null && defaultValue.length() > Parameter.MAX_DEFAULT_LENGTH) {
        problems.add(
            Problem.of(
                itemPath + ".default",
                "must be at most " + Parameter.MAX_DEFAULT_LENGTH + " characters"));
        valid = false;
      }
      if (valid) {
        parameters.add(Parameter.of(name, defaultValue));
      }
    }
    return parameters;
  }

  private static Display readDisplay(JsonNode node, String path, List<Problem> problems) {
    if (node == null || node.isNull()) {
      return Display.table();
    }
    if (!node.isObject()) {
      problems.add(Problem.of(path, "must be an object"));
      return Display.table();
    }
    unknownFields(node, DISPLAY_FIELDS, path, problems);
    Display.Mode mode = requiredEnum(node, "mode", path + ".mode", Display.Mode.class, problems);
    Display.ChartType type =
        optionalEnum(node, "type", path + ".type", Display.ChartType.class, problems)
            .orElse(Display.ChartType.BAR);
    Display.Aggregation aggregation =
        optionalEnum(
                node, "aggregation", path + ".aggregation", Display.Aggregation.class, problems)
            .orElse(Display.Aggregation.SUM);
    String key = optionalColumn(node, "key", path, problems);
    String value = optionalColumn(node, "value", path, problems);
    String group = optionalColumn(node, "group", path, problems);
    if (mode == null) {
      return Display.table();
    }
    return new Display(
        mode,
        type,
        Optional.ofNullable(key),
        Optional.ofNullable(value),
        Optional.ofNullable(group),
        aggregation);
  }

  private static String optionalColumn(
      JsonNode node, String field, String path, List<Problem> problems) {
    String column = optionalString(node, field, path + "." + field, problems);
    if (column != null && (column.isEmpty() || column.length() > Display.MAX_COLUMN_NAME_LENGTH)) {
      problems.add(
          Problem.of(
              path + "." + field,
              "must be a column name of 1 to " + Display.MAX_COLUMN_NAME_LENGTH + " characters"));
      return null;
    }
    return column;
  }

  private static void unknownFields(
      JsonNode node, Set<String> known, String path, List<Problem> problems) {
    for (String field : node.propertyNames()) {
      if (!known.contains(field)) {
        problems.add(Problem.of(path.isEmpty() ? field : path + "." + field, "unknown field"));
      }
    }
  }

  private static String requiredString(
      JsonNode node, String field, String path, List<Problem> problems) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      problems.add(Problem.of(path, "is required"));
      return null;
    }
    if (!value.isString()) {
      problems.add(Problem.of(path, "must be a string; it is " + describe(value)));
      return null;
    }
    return value.stringValue();
  }

  private static String optionalString(
      JsonNode node, String field, String path, List<Problem> problems) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      problems.add(Problem.of(path, "must be a string; it is " + describe(value)));
      return null;
    }
    return value.stringValue();
  }

  private static <E extends Enum<E>> E requiredEnum(
      JsonNode node, String field, String path, Class<E> type, List<Problem> problems) {
    if (node.get(field) == null || node.get(field).isNull()) {
      problems.add(Problem.of(path, "is required: one of " + choices(type)));
      return null;
    }
    return optionalEnum(node, field, path, type, problems).orElse(null);
  }

  private static <E extends Enum<E>> Optional<E> optionalEnum(
      JsonNode node, String field, String path, Class<E> type, List<Problem> problems) {
    String text = optionalString(node, field, path, problems);
    if (text == null) {
      return Optional.empty();
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text)) {
        return Optional.of(constant);
      }
    }
    problems.add(Problem.of(path, "must be one of " + choices(type) + "; it is \"" + text + "\""));
    return Optional.empty();
  }

  private static <E extends Enum<E>> String choices(Class<E> type) {
    return String.join(
        ", ",
        Arrays.stream(type.getEnumConstants())
            .map(constant -> constant.name().toLowerCase(Locale.ROOT))
            .toList());
  }

  /** A short description of a JSON value for a problem message, never the value itself. */
  static String describe(JsonNode value) {
    if (value.isString()) {
      String text = value.stringValue();
      return text.length() <= 40 && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
          ? "\"" + text + "\""
          : "a string";
    }
    if (value.isNumber()) {
      return value.asString().length() <= 20 ? value.asString() : "a number";
    }
    if (value.isBoolean()) {
      return value.asString();
    }
    if (value.isArray()) {
      return "a list";
    }
    return value.isObject() ? "an object" : "null";
  }
}
