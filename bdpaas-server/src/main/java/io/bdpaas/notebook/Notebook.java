package io.bdpaas.notebook;

import static java.util.Objects.requireNonNull;

import io.bdpaas.api.BdpaasException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A notebook of a Spark project: a name and paragraphs in order. It is an immutable value; each
 * edit returns a new notebook, so the store can compare and save whole documents and an edit that
 * breaks a limit changes nothing.
 *
 * <p>Edits that a person asks for through the console or the API ({@link #withParagraph}, {@link
 * #withoutParagraph}, {@link #moved}, {@link #renamed}) report a bad index, an unknown paragraph or
 * a broken limit as a {@link BdpaasException}; the constructor itself guards its invariants with
 * {@link IllegalArgumentException}, as a programming error.
 */
public record Notebook(String name, List<Paragraph> paragraphs) {
  public static final int MAX_PARAGRAPHS = 1000;
  public static final int MAX_NAME_LENGTH = 200;

  public Notebook {
    requireNonNull(name, "name is null");
    paragraphs = List.copyOf(paragraphs);
    nameProblem(name)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("notebook name " + problem);
            });
    if (paragraphs.size() > MAX_PARAGRAPHS) {
      throw new IllegalArgumentException(
          "a notebook has at most " + MAX_PARAGRAPHS + " paragraphs: " + paragraphs.size());
    }
    Set<ParagraphId> ids = new HashSet<>();
    for (Paragraph paragraph : paragraphs) {
      if (!ids.add(paragraph.id())) {
        throw new IllegalArgumentException("paragraph id " + paragraph.id() + " is used twice");
      }
    }
  }

  public static Notebook empty(String name) {
    return new Notebook(name, List.of());
  }

  /**
   * What is wrong with a notebook name (or a paragraph title), if anything, for a problem message:
   * 1 to {@value #MAX_NAME_LENGTH} characters, not blank, without control characters, line
   * separators, lone surrogates or the bidirectional overrides and isolates (U+202A–U+202E,
   * U+2066–U+2069) that make a name read differently from what it is.
   */
  public static Optional<String> nameProblem(String name) {
    if (name.isBlank()) {
      return Optional.of("must not be blank");
    }
    if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
      return Optional.of("must be at most " + MAX_NAME_LENGTH + " characters");
    }
    for (int i = 0; i < name.length(); ) {
      int codePoint = name.codePointAt(i);
      if (!isPrintable(codePoint)) {
        return Optional.of(
            "must not contain control or bidirectional-override characters (U+%04X)"
                .formatted(codePoint));
      }
      i += Character.charCount(codePoint);
    }
    return Optional.empty();
  }

  static boolean isPrintable(int codePoint) {
    if ((codePoint >= 0x202A && codePoint <= 0x202E)
        || (codePoint >= 0x2066 && codePoint <= 0x2069)) {
      return false;
    }
    int type = Character.getType(codePoint);
    return type != Character.CONTROL
        && type != Character.SURROGATE
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR
        && type != Character.UNASSIGNED;
  }

  /** The paragraph with this id. */
  public Optional<Paragraph> paragraph(ParagraphId id) {
    return paragraphs.stream().filter(paragraph -> paragraph.id().equals(id)).findFirst();
  }

  /**
   * This notebook with {@code paragraph} inserted before the one at {@code index}; {@code index ==
   * paragraphs().size()} appends.
   */
  public Notebook withParagraph(int index, Paragraph paragraph) {
    requireNonNull(paragraph, "paragraph is null");
    if (index < 0 || index > paragraphs.size()) {
      throw BdpaasException.invalid(
          "index", "must be between 0 and " + paragraphs.size() + ": " + index);
    }
    if (paragraphs.size() >= MAX_PARAGRAPHS) {
      throw BdpaasException.invalid(
          "paragraphs", "a notebook has at most " + MAX_PARAGRAPHS + " paragraphs");
    }
    if (paragraph(paragraph.id()).isPresent()) {
      throw BdpaasException.invalid("id", "paragraph " + paragraph.id() + " is already here");
    }
    List<Paragraph> changed = new ArrayList<>(paragraphs);
    changed.add(index, paragraph);
    return new Notebook(name, changed);
  }

  /** This notebook with the paragraph of the same id replaced by {@code paragraph}. */
  public Notebook withUpdated(Paragraph paragraph) {
    requireNonNull(paragraph, "paragraph is null");
    List<Paragraph> changed = new ArrayList<>(paragraphs);
    changed.set(indexOf(paragraph.id()), paragraph);
    return new Notebook(name, changed);
  }

  public Notebook withoutParagraph(ParagraphId id) {
    List<Paragraph> changed = new ArrayList<>(paragraphs);
    changed.remove(indexOf(id));
    return new Notebook(name, changed);
  }

  /** This notebook with paragraph {@code id} moved so that it ends up at {@code newIndex}. */
  public Notebook moved(ParagraphId id, int newIndex) {
    int from = indexOf(id);
    if (newIndex < 0 || newIndex >= paragraphs.size()) {
      throw BdpaasException.invalid(
          "index", "must be between 0 and " + (paragraphs.size() - 1) + ": " + newIndex);
    }
    List<Paragraph> changed = new ArrayList<>(paragraphs);
    changed.add(newIndex, changed.remove(from));
    return new Notebook(name, changed);
  }

  public Notebook renamed(String newName) {
    requireNonNull(newName, "newName is null");
    nameProblem(newName).ifPresent(problem -> failOn("name", problem));
    return new Notebook(newName, paragraphs);
  }

  /**
   * A copy under another name whose paragraphs have fresh ids, so that results and history of the
   * original are never attached to the copy.
   */
  public Notebook duplicate(String newName) {
    requireNonNull(newName, "newName is null");
    nameProblem(newName).ifPresent(problem -> failOn("name", problem));
    List<Paragraph> copies = new ArrayList<>();
    Set<ParagraphId> taken = new HashSet<>();
    for (Paragraph paragraph : paragraphs) {
      copies.add(paragraph.withId(freshId(taken)));
    }
    return new Notebook(newName, copies);
  }

  /** A random id not in {@code taken}, which it joins. */
  static ParagraphId freshId(Set<ParagraphId> taken) {
    ParagraphId id;
    do {
      id = ParagraphId.random();
    } while (!taken.add(id));
    return id;
  }

  private int indexOf(ParagraphId id) {
    requireNonNull(id, "id is null");
    for (int i = 0; i < paragraphs.size(); i++) {
      if (paragraphs.get(i).id().equals(id)) {
        return i;
      }
    }
    throw BdpaasException.notFound("paragraph", id);
  }

  private static void failOn(String field, String problem) {
    throw BdpaasException.invalid(field, problem);
  }
}
