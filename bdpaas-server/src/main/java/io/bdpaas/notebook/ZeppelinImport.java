package io.bdpaas.notebook;

import static java.util.Objects.requireNonNull;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Turns an Apache Zeppelin note into a notebook: a {@code note.json} of Zeppelin 0.7/0.8 (and the
 * older ones whose chart sits in {@code config.graph}) or a {@code .zpln} of 0.9 and later, which
 * records the note's {@code defaultInterpreterGroup}. Only the source is taken; outputs, run
 * history, permissions and interpreter bindings are left behind.
 *
 * <ul>
 *   <li>{@code %sql}, {@code %spark.sql} and {@code %livy.sql} become SQL paragraphs. {@code %md}
 *       and {@code %markdown} become Markdown. Every other interpreter ({@code %pyspark}, {@code
 *       %spark}, {@code %sh}, {@code %jdbc}, which talks to another database, ...) becomes a TEXT
 *       paragraph kept verbatim with its interpreter named, and a note says it cannot run.
 *   <li>A paragraph without a prefix is written for the note's default interpreter group; {@code
 *       note.json} does not record it, so such paragraphs are taken as Scala ({@code %spark}),
 *       Zeppelin's usual default, and a note says so. In a note whose default group is Flink,
 *       {@code %sql} is Flink SQL and is kept as text.
 *   <li>The name is the last segment of Zeppelin's folder path ({@code Sales/2024/Daily} becomes
 *       {@code Daily}): projects hold notebooks side by side without folders, and a {@code /} in a
 *       name would read as one. A note says which folder was dropped.
 *   <li>Simple dynamic forms in SQL, {@code ${name}} and {@code ${name=default}}, become parameters
 *       {@code :name} with their defaults; a form that fills a whole quoted literal ({@code
 *       '${region=EU}'}) replaces the literal, since a bound string is already a string, and a form
 *       right after {@code FROM}, {@code JOIN} and the like becomes {@code IDENTIFIER(:name)}
 *       (Spark 3.5 and later). Select and checkbox forms, note-wide {@code $${...}} forms and forms
 *       inside a longer literal stay as they are, with a note.
 *   <li>The chart of an SQL paragraph (bar, line, stacked area, pie, scatter, or a table) becomes
 *       its display, with the first key, value and group column and the value's aggregation.
 *   <li>Empty paragraphs are dropped.
 * </ul>
 *
 * <p>Notes count paragraphs from 1 in the note's own order, as people do; problem paths use the
 * note's indexes from 0 ({@code paragraphs[3].text}), as paths into JSON do.
 */
public final class ZeppelinImport {
  private static final JsonMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(NotebookJson.MAX_NESTING_DEPTH)
                          // outputs (images in base64) may be long; they are read and dropped
                          .maxStringLength(64 * Paragraph.MAX_TEXT_BYTES)
                          .build())
                  .build())
          .build();

  private static final Set<String> SQL_INTERPRETERS = Set.of("sql", "spark.sql", "livy.sql");
  private static final Set<String> MARKDOWN_INTERPRETERS = Set.of("md", "markdown");
  private static final Pattern PREFIX =
      Pattern.compile("%([A-Za-z0-9_][A-Za-z0-9_.\\-]*)(\\([^)\\n]*\\))?(?=\\s|$)");
  private static final Pattern LEADING_BLANK_LINES = Pattern.compile("^(?:[ \\t]*\\r?\\n)+");
  private static final Pattern SIMPLE_FORM =
      Pattern.compile(
          "\\s*(?:textbox:)?\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\([^)]*\\))?\\s*(?:=([^,]*))?");
  private static final Set<String> NAME_KEYWORDS =
      Set.of("FROM", "JOIN", "TABLE", "INTO", "UPDATE", "USE", "DESCRIBE", "DESC");
  private static final Map<String, Display.ChartType> CHARTS =
      Map.of(
          "multiBarChart", Display.ChartType.BAR,
          "lineChart", Display.ChartType.LINE,
          "stackedAreaChart", Display.ChartType.AREA,
          "pieChart", Display.ChartType.PIE,
          "scatterChart", Display.ChartType.SCATTER);

  private ZeppelinImport() {}

  /**
   * The imported notebook and remarks for people about what could not be carried over as is.
   *
   * @param notes human-readable remarks, in paragraph order; empty when nothing was lost
   */
  public record Result(Notebook notebook, List<String> notes) {
    public Result {
      requireNonNull(notebook, "notebook is null");
      notes = List.copyOf(notes);
    }
  }

  public static Result read(String json) {
    requireNonNull(json, "json is null");
    return read(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a Zeppelin note, or throws a validation failure naming every problem that keeps it from
   * becoming a notebook (not JSON, no paragraphs, a text over the limit, too many paragraphs).
   */
  public static Result read(byte[] json) {
    requireNonNull(json, "json is null");
    JsonNode root = NotebookJson.parse(JSON, json);
    if (!root.isObject()) {
      throw BdpaasException.invalid("", "a Zeppelin note is one JSON object");
    }
    if (root.path("format").isString()
        && root.path("format").stringValue().equals(NotebookJson.FORMAT)) {
      throw BdpaasException.invalid(
          "format", "this is a BDPaaS notebook file, not a Zeppelin note; import it as one");
    }
    JsonNode items = root.get("paragraphs");
    if (items == null || !items.isArray()) {
      throw BdpaasException.invalid(
          "paragraphs", "is missing or not a list: this is not a Zeppelin note");
    }
    List<String> notes = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    String name = name(root, notes);
    Optional<String> defaultGroup = text(root.get("defaultInterpreterGroup"));
    Conversion conversion = new Conversion(defaultGroup, notes, problems);
    for (int i = 0; i < items.size(); i++) {
      conversion.paragraph(items.get(i), i);
    }
    conversion.finish();
    if (conversion.paragraphs.size() > Notebook.MAX_PARAGRAPHS) {
      problems.add(
          Problem.of(
              "paragraphs",
              "the note has "
                  + conversion.paragraphs.size()
                  + " paragraphs that are not empty; a notebook has at most "
                  + Notebook.MAX_PARAGRAPHS));
    }
    BdpaasException.throwIfAny(problems);
    return new Result(new Notebook(name, conversion.paragraphs), notes);
  }

  private static String name(JsonNode root, List<String> notes) {
    String full = text(root.get("name")).filter(name -> !name.isBlank()).orElse(null);
    if (full == null) {
      // .zpln files written by the REST API carry the folder path too
      full = text(root.get("path")).filter(path -> !path.isBlank()).orElse(null);
    }
    String name;
    if (full == null) {
      name = text(root.get("id")).map(id -> "Zeppelin note " + id).orElse("Zeppelin note");
      notes.add("the note has no name: it is called \"" + clean(name, 200) + "\"");
    } else {
      String trimmed = full.strip();
      while (trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      int slash = trimmed.lastIndexOf('/');
      name = slash < 0 ? trimmed : trimmed.substring(slash + 1);
      String folder = slash <= 0 ? "" : trimmed.substring(0, slash).replaceFirst("^/+", "");
      if (!folder.isEmpty()) {
        notes.add("the note was in Zeppelin folder \"" + clean(folder, 200) + "\": folder dropped");
      }
    }
    String cleaned = clean(name, Notebook.MAX_NAME_LENGTH);
    if (cleaned.isBlank()) {
      cleaned = "Zeppelin note";
    }
    if (!cleaned.equals(name)) {
      notes.add(
          "the note's name was shortened or had characters that cannot be shown: it is now \""
              + cleaned
              + "\"");
    }
    return cleaned;
  }

  /** {@code text} without unprintable characters, stripped, at most {@code max} characters. */
  static String clean(String text, int max) {
    StringBuilder kept = new StringBuilder();
    int count = 0;
    for (int i = 0; i < text.length() && count < max; ) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      if (Notebook.isPrintable(codePoint)) {
        kept.appendCodePoint(codePoint);
        count++;
      } else if (Character.isWhitespace(codePoint)) {
        kept.append(' ');
        count++;
      }
    }
    return kept.toString().strip();
  }

  private static Optional<String> text(JsonNode node) {
    return node != null && node.isString() ? Optional.of(node.stringValue()) : Optional.empty();
  }

  /** The state of one note's conversion: paragraphs so far, notes and problems. */
  private static final class Conversion {
    final Optional<String> defaultGroup;
    final List<String> notes;
    final List<Problem> problems;
    final List<Paragraph> paragraphs = new ArrayList<>();
    final Set<ParagraphId> ids = new HashSet<>();
    int empty;
    int assumedScala;

    Conversion(Optional<String> defaultGroup, List<String> notes, List<Problem> problems) {
      this.defaultGroup =
          defaultGroup.map(group -> group.strip()).filter(group -> !group.isEmpty());
      this.notes = notes;
      this.problems = problems;
    }

    void paragraph(JsonNode node, int index) {
      String path = "paragraphs[" + index + "]";
      int number = index + 1;
      if (node == null || !node.isObject()) {
        problems.add(Problem.of(path, "must be an object"));
        return;
      }
      JsonNode textNode = node.get("text");
      if (textNode != null && !textNode.isNull() && !textNode.isString()) {
        problems.add(Problem.of(path + ".text", "must be a string"));
        return;
      }
      String source = textNode == null || textNode.isNull() ? "" : textNode.stringValue();

      String interpreter = null;
      String body = source.stripLeading();
      Matcher prefix = PREFIX.matcher(body);
      if (prefix.lookingAt()) {
        interpreter = prefix.group(1);
        if (prefix.group(2) != null) {
          notes.add(
              "paragraph "
                  + number
                  + ": interpreter properties "
                  + clean(prefix.group(2), 200)
                  + " dropped");
        }
        body = body.substring(prefix.end()).replaceFirst("^[ \\t]+", "");
      } else {
        body = source;
      }
      body = LEADING_BLANK_LINES.matcher(body).replaceFirst("").stripTrailing();
      if (body.isBlank()) {
        empty++;
        return;
      }
      boolean assumed = false;
      if (interpreter == null) {
        interpreter = defaultGroup.orElse(null);
        if (interpreter == null) {
          interpreter = "spark";
          assumed = true;
          assumedScala++;
        }
      }
      String title =
          text(node.get("title")).map(t -> clean(t, Notebook.MAX_NAME_LENGTH)).orElse("");

      Optional<String> tooLong = Paragraph.textProblem(body);
      if (tooLong.isPresent()) {
        problems.add(Problem.of(path + ".text", tooLong.get()));
        return;
      }
      Paragraph paragraph = convert(interpreter, body, node.path("config"), number, assumed);
      paragraph = paragraph.withId(Notebook.freshId(ids));
      if (!title.isBlank()) {
        paragraph = paragraph.withTitle(title);
      }
      paragraphs.add(paragraph);
    }

    private Paragraph convert(
        String interpreter, String body, JsonNode config, int number, boolean assumed) {
      String name = interpreter.toLowerCase(Locale.ROOT);
      if (name.equals("sql") && defaultGroup.filter(group -> group.equals("flink")).isPresent()) {
        name = "flink.sql"; // Zeppelin resolves a short name in the note's default group first
      }
      if (MARKDOWN_INTERPRETERS.contains(name)) {
        return Paragraph.markdown(body);
      }
      if (!SQL_INTERPRETERS.contains(name)) {
        if (Paragraph.interpreterProblem(name).isPresent()) {
          name = "unknown";
        }
        if (!assumed) { // reported once for all such paragraphs by finish()
          notes.add("paragraph " + number + " uses %" + name + ": kept as text, not runnable");
        }
        return Paragraph.foreign(name, body);
      }
      FormConversion forms = new FormConversion(body, number, notes);
      String sql = forms.convert();
      if (Paragraph.textProblem(sql).isPresent()) {
        sql = body; // the replacements grew it past the limit: keep Zeppelin's text
      }
      return Paragraph.sql(sql)
          .withParameters(new ArrayList<>(forms.parameters.values()))
          .withDisplay(display(config, number));
    }

    void finish() {
      if (assumedScala > 0) {
        notes.add(
            assumedScala
                + (assumedScala == 1 ? " paragraph has" : " paragraphs have")
                + " no %interpreter prefix and the note does not record its default: read as"
                + " Scala (%spark), kept as text");
      }
      if (empty > 0) {
        notes.add(empty + (empty == 1 ? " empty paragraph" : " empty paragraphs") + " dropped");
      }
    }

    /**
     * The chart of an SQL paragraph: {@code config.results.N.graph} (0.7+) or {@code config.graph}.
     */
    private Display display(JsonNode config, int number) {
      JsonNode graph = config.path("graph");
      JsonNode results = config.path("results");
      if (!graph.isObject() && results.isObject()) {
        graph =
            results.propertyNames().stream()
                .sorted(Comparator.comparing(ZeppelinImport::resultIndex))
                .map(key -> results.path(key).path("graph"))
                .filter(JsonNode::isObject)
                .findFirst()
                .orElse(graph);
      }
      if (!graph.isObject()) {
        return Display.table();
      }
      String mode = graph.path("mode").asString("table");
      Display.Mode shown = Display.Mode.CHART;
      Display.ChartType type = CHARTS.get(mode);
      if (mode.equals("table")) {
        shown = Display.Mode.TABLE;
        type = Display.ChartType.BAR;
      } else if (type == null) {
        notes.add(
            "paragraph "
                + number
                + ": chart \""
                + clean(mode, 40)
                + "\" is not supported: shown as a table");
        shown = Display.Mode.TABLE;
        type = Display.ChartType.BAR;
      }
      JsonNode key = first(graph.path("keys"), "keys", number);
      JsonNode value = first(graph.path("values"), "values", number);
      JsonNode group = first(graph.path("groups"), "groups", number);
      if (type == Display.ChartType.SCATTER) {
        JsonNode scatter = graph.path("setting").path("scatterChart");
        if (!scatter.isObject()) {
          scatter = graph.path("scatter");
        }
        key = scatter.path("xAxis").isObject() ? scatter.path("xAxis") : key;
        value = scatter.path("yAxis").isObject() ? scatter.path("yAxis") : value;
        group = scatter.path("group").isObject() ? scatter.path("group") : group;
      }
      return new Display(
          shown,
          type,
          column(key),
          column(value),
          column(group),
          aggregation(value.path("aggr").asString("sum")));
    }

    private JsonNode first(JsonNode columns, String field, int number) {
      if (!columns.isArray() || columns.isEmpty()) {
        return MissingNode.getInstance();
      }
      if (columns.size() > 1) {
        notes.add(
            "paragraph " + number + ": chart uses several " + field + "; only the first kept");
      }
      return columns.get(0);
    }
  }

  private static int resultIndex(String key) {
    try {
      return Integer.parseInt(key);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static Optional<String> column(JsonNode column) {
    return text(column.path("name"))
        .filter(name -> !name.isEmpty() && name.length() <= Display.MAX_COLUMN_NAME_LENGTH);
  }

  private static Display.Aggregation aggregation(String zeppelin) {
    for (Display.Aggregation aggregation : Display.Aggregation.values()) {
      if (aggregation.wireName().equals(zeppelin.toLowerCase(Locale.ROOT))) {
        return aggregation;
      }
    }
    return Display.Aggregation.SUM;
  }

  /**
   * Rewrites the simple dynamic forms of one SQL paragraph as named parameters, walking the text
   * with SQL's quoting and comment rules so that forms are judged where they stand.
   */
  private static final class FormConversion {
    final String sql;
    final int number;
    final List<String> notes;
    final Map<String, Parameter> parameters = new LinkedHashMap<>();
    final StringBuilder out = new StringBuilder();
    boolean keptForm;
    boolean keptInLiteral;
    boolean madeIdentifier;

    FormConversion(String sql, int number, List<String> notes) {
      this.sql = sql;
      this.number = number;
      this.notes = notes;
    }

    String convert() {
      int i = 0;
      while (i < sql.length()) {
        char c = sql.charAt(i);
        int end;
        if (c == '-' && sql.startsWith("--", i)) {
          end = SqlParameters.skipLineComment(sql, i);
          out.append(sql, i, end);
        } else if (c == '/' && sql.startsWith("/*", i)) {
          end = SqlParameters.skipBlockComment(sql, i);
          out.append(sql, i, end);
        } else if (c == '\'' || c == '"' || c == '`') {
          end = quoted(i);
        } else if (c == '$' && sql.startsWith("$${", i)) {
          end = closing(i + 3);
          keptForm = true;
          out.append(sql, i, end);
        } else if (c == '$' && sql.startsWith("${", i)) {
          end = closing(i + 2);
          boolean closed = sql.charAt(end - 1) == '}' && end > i + 2;
          if (!closed || !replace(sql.substring(i + 2, end - 1), true)) {
            keptForm = true;
            out.append(sql, i, end);
          }
        } else {
          end = i + 1;
          out.append(c);
        }
        i = end;
      }
      if (madeIdentifier) {
        notes.add(
            "paragraph "
                + number
                + ": a form names a table; it is now IDENTIFIER(:name), which needs Spark 3.5 or"
                + " later");
      }
      if (keptForm) {
        notes.add(
            "paragraph "
                + number
                + ": select, checkbox and note-wide forms are kept as Zeppelin wrote them; edit"
                + " them into :name parameters before running");
      }
      if (keptInLiteral) {
        notes.add(
            "paragraph "
                + number
                + ": a form inside a longer quoted text is kept as Zeppelin wrote it; edit it into"
                + " a :name parameter (with concat) before running");
      }
      return out.toString();
    }

    /** Index just past the form's closing brace, or the end of the text if it has none. */
    private int closing(int from) {
      int close = sql.indexOf('}', from);
      return close < 0 ? sql.length() : close + 1;
    }

    private int quoted(int start) {
      char quote = sql.charAt(start);
      // date'${day}': a typed literal needs a literal after its type, not a parameter
      boolean typedLiteral = start > 0 && SqlParameters.isNamePart(sql.charAt(start - 1));
      if (quote != '`' && !typedLiteral && sql.startsWith("${", start + 1)) {
        int close = sql.indexOf('}', start + 3);
        boolean wholeLiteral =
            close > 0 && close + 1 < sql.length() && sql.charAt(close + 1) == quote;
        if (wholeLiteral) {
          if (!replace(sql.substring(start + 3, close), false)) {
            keptForm = true; // a select or checkbox form, quoted
            out.append(sql, start, close + 2);
          }
          return close + 2;
        }
      }
      int end = SqlParameters.skipQuoted(sql, start);
      String literal = sql.substring(start, end);
      if (literal.contains("${")) {
        keptInLiteral = true;
      }
      out.append(literal);
      return end;
    }

    /**
     * Declares the simple form {@code inner} and writes its marker; false, writing nothing, when
     * the form is not simple.
     */
    private boolean replace(String inner, boolean mayNameTable) {
      Matcher form = SIMPLE_FORM.matcher(inner);
      if (inner.indexOf('\n') >= 0 || !form.matches() || !declare(form)) {
        return false;
      }
      String name = form.group(1);
      if (mayNameTable && NAME_KEYWORDS.contains(previousWord())) {
        out.append("IDENTIFIER(:").append(name).append(')');
        madeIdentifier = true;
      } else {
        out.append(':').append(name);
      }
      return true;
    }

    private boolean declare(Matcher form) {
      String name = form.group(1);
      if (Parameter.nameProblem(name).isPresent()) {
        return false;
      }
      String defaultValue = form.group(2) == null ? null : form.group(2).strip();
      if (defaultValue != null && defaultValue.length() > Parameter.MAX_DEFAULT_LENGTH) {
        return false;
      }
      parameters.putIfAbsent(name, Parameter.of(name, defaultValue));
      return true;
    }

    private String previousWord() {
      int end = out.length();
      while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) {
        end--;
      }
      int start = end;
      while (start > 0 && SqlParameters.isNamePart(out.charAt(start - 1))) {
        start--;
      }
      return out.substring(start, end).toUpperCase(Locale.ROOT);
    }
  }
}
