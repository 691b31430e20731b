package io.bdpaas.notebook;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One cell of a notebook: SQL to run, Markdown to render, or code kept verbatim for an interpreter
 * the platform does not run. The text never carries a {@code %sql}-style prefix: the kind says what
 * it is.
 *
 * @param id stays with the paragraph when it moves
 * @param kind what the text is
 * @param title shown above the paragraph, if any
 * @param text the source, at most {@link #MAX_TEXT_BYTES} in UTF-8
 * @param foreignInterpreter for {@link ParagraphKind#TEXT} only: the interpreter the code was
 *     written for ({@code pyspark}, {@code sh}), so that people know what they are looking at
 * @param parameters for {@link ParagraphKind#SQL} only: the {@code :name} parameters with their
 *     defaults
 * @param display how an SQL result is shown; other kinds keep {@link Display#table()}
 */
public record Paragraph(
    ParagraphId id,
    ParagraphKind kind,
    Optional<String> title,
    String text,
    Optional<String> foreignInterpreter,
    List<Parameter> parameters,
    Display display) {
  public static final int MAX_TEXT_BYTES = 1024 * 1024;
  private static final Pattern INTERPRETER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

  public Paragraph {
    requireNonNull(id, "id is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(title, "title is null");
    requireNonNull(text, "text is null");
    requireNonNull(foreignInterpreter, "foreignInterpreter is null");
    requireNonNull(display, "display is null");
    parameters = List.copyOf(parameters);
    title.flatMap(Notebook::nameProblem).ifPresent(problem -> fail("title " + problem));
    textProblem(text).ifPresent(problem -> fail("text " + problem));
    if (foreignInterpreter.isPresent() && kind != ParagraphKind.TEXT) {
      fail("only a TEXT paragraph names a foreign interpreter, not " + kind);
    }
    foreignInterpreter
        .flatMap(Paragraph::interpreterProblem)
        .ifPresent(problem -> fail("foreign interpreter " + problem));
    if (!parameters.isEmpty() && kind != ParagraphKind.SQL) {
      fail("only an SQL paragraph has parameters, not " + kind);
    }
    Set<String> names = new HashSet<>();
    for (Parameter parameter : parameters) {
      if (!names.add(parameter.name())) {
        fail("parameter " + parameter.name() + " is declared twice");
      }
    }
  }

  private static void fail(String message) {
    throw new IllegalArgumentException(message);
  }

  public static Paragraph sql(String text) {
    return new Paragraph(
        ParagraphId.random(),
        ParagraphKind.SQL,
        Optional.empty(),
        text,
        Optional.empty(),
        List.of(),
        Display.table());
  }

  public static Paragraph markdown(String text) {
    return new Paragraph(
        ParagraphId.random(),
        ParagraphKind.MARKDOWN,
        Optional.empty(),
        text,
        Optional.empty(),
        List.of(),
        Display.table());
  }

  /** Code for an interpreter the platform does not run, kept as it was written. */
  public static Paragraph foreign(String interpreter, String text) {
    return new Paragraph(
        ParagraphId.random(),
        ParagraphKind.TEXT,
        Optional.empty(),
        text,
        Optional.of(interpreter),
        List.of(),
        Display.table());
  }

  public Paragraph withId(ParagraphId newId) {
    return new Paragraph(newId, kind, title, text, foreignInterpreter, parameters, display);
  }

  public Paragraph withTitle(String newTitle) {
    return new Paragraph(
        id, kind, Optional.ofNullable(newTitle), text, foreignInterpreter, parameters, display);
  }

  public Paragraph withText(String newText) {
    return new Paragraph(id, kind, title, newText, foreignInterpreter, parameters, display);
  }

  public Paragraph withParameters(List<Parameter> newParameters) {
    return new Paragraph(id, kind, title, text, foreignInterpreter, newParameters, display);
  }

  public Paragraph withDisplay(Display newDisplay) {
    return new Paragraph(id, kind, title, text, foreignInterpreter, parameters, newDisplay);
  }

  /** What is wrong with a paragraph's text, if anything, for a problem message. */
  public static Optional<String> textProblem(String text) {
    long bytes = utf8Length(text);
    return bytes > MAX_TEXT_BYTES
        ? Optional.of("is " + bytes + " bytes; at most " + MAX_TEXT_BYTES + " (1 MB) are allowed")
        : Optional.empty();
  }

  /** What is wrong with a foreign interpreter's name, if anything, for a problem message. */
  public static Optional<String> interpreterProblem(String interpreter) {
    return INTERPRETER.matcher(interpreter).matches()
        ? Optional.empty()
        : Optional.of("must be 1 to 64 letters, digits, '_', '.' or '-'");
  }

  /** The UTF-8 size of {@code text}, counted without encoding it. */
  static long utf8Length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3; // an unpaired surrogate is written as '?' or U+FFFD: at most 3 bytes
      }
    }
    return bytes;
  }
}
