package io.bdpaas.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotebookTest {
  private static final Paragraph FIRST = Paragraph.markdown("# Orders");
  private static final Paragraph SECOND = Paragraph.sql("select * from orders");
  private static final Paragraph THIRD = Paragraph.foreign("pyspark", "df.show()");

  private static Notebook orders() {
    return new Notebook("Orders", List.of(FIRST, SECOND, THIRD));
  }

  @Test
  void paragraphIdsAreRandomAndWellFormed() {
    ParagraphId one = ParagraphId.random();
    ParagraphId two = ParagraphId.random();

    assertThat(one.value()).matches("para-[0-9a-z]{8}");
    assertThat(one).isNotEqualTo(two);
    assertThatThrownBy(() -> new ParagraphId("para-ABC"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void editsReturnNewNotebooksAndLeaveTheOriginalAlone() {
    Notebook original = orders();
    Paragraph added = Paragraph.sql("select 1");

    Notebook inserted = original.withParagraph(1, added);
    Notebook appended = original.withParagraph(3, added);
    Notebook removed = original.withoutParagraph(SECOND.id());
    Notebook updated = original.withUpdated(SECOND.withText("select 2"));

    assertThat(inserted.paragraphs()).containsExactly(FIRST, added, SECOND, THIRD);
    assertThat(appended.paragraphs()).containsExactly(FIRST, SECOND, THIRD, added);
    assertThat(removed.paragraphs()).containsExactly(FIRST, THIRD);
    assertThat(updated.paragraph(SECOND.id()))
        .get()
        .extracting(Paragraph::text)
        .isEqualTo("select 2");
    assertThat(original.paragraphs()).containsExactly(FIRST, SECOND, THIRD);
  }

  @Test
  void movesAParagraphToItsNewIndex() {
    assertThat(orders().moved(FIRST.id(), 2).paragraphs()).containsExactly(SECOND, THIRD, FIRST);
    assertThat(orders().moved(THIRD.id(), 0).paragraphs()).containsExactly(THIRD, FIRST, SECOND);
    assertThat(orders().moved(SECOND.id(), 1).paragraphs()).containsExactly(FIRST, SECOND, THIRD);
  }

  @Test
  void refusesBadIndexesAndUnknownParagraphsAsUserErrors() {
    assertThatThrownBy(() -> orders().withParagraph(4, Paragraph.sql("select 1")))
        .isInstanceOfSatisfying(
            BdpaasException.class,
            e -> assertThat(e.problems()).extracting(Problem::field).containsExactly("index"));
    assertThatThrownBy(() -> orders().moved(FIRST.id(), 3))
        .isInstanceOf(BdpaasException.class)
        .hasMessageContaining("between 0 and 2");
    assertThatThrownBy(() -> orders().withoutParagraph(ParagraphId.random()))
        .isInstanceOfSatisfying(
            BdpaasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThatThrownBy(() -> orders().withParagraph(0, SECOND))
        .isInstanceOf(BdpaasException.class)
        .hasMessageContaining("already here");
  }

  @Test
  void duplicateGivesEveryParagraphAFreshId() {
    Notebook copy = orders().duplicate("Orders (copy)");

    assertThat(copy.name()).isEqualTo("Orders (copy)");
    assertThat(copy.paragraphs())
        .extracting(Paragraph::text)
        .containsExactly(FIRST.text(), SECOND.text(), THIRD.text());
    assertThat(copy.paragraphs())
        .extracting(Paragraph::id)
        .doesNotContain(FIRST.id(), SECOND.id(), THIRD.id())
        .doesNotHaveDuplicates();
  }

  @Test
  void holdsAtMostAThousandParagraphs() {
    List<Paragraph> paragraphs = new ArrayList<>();
    for (int i = 0; i < Notebook.MAX_PARAGRAPHS; i++) {
      paragraphs.add(Paragraph.sql("select " + i));
    }
    Notebook full = new Notebook("Full", paragraphs);

    assertThatThrownBy(() -> full.withParagraph(0, Paragraph.sql("select 1")))
        .isInstanceOf(BdpaasException.class)
        .hasMessageContaining("at most 1000 paragraphs");
    paragraphs.add(Paragraph.sql("select 1000"));
    assertThatThrownBy(() -> new Notebook("Too many", paragraphs))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void limitsTextToOneMegabyteOfUtf8() {
    String exactly = "a".repeat(Paragraph.MAX_TEXT_BYTES);
    // 'é' is two bytes in UTF-8: half as many characters reach the limit
    String tooLongInBytes = "é".repeat(Paragraph.MAX_TEXT_BYTES / 2 + 1);

    assertThat(Paragraph.sql(exactly).text()).hasSize(Paragraph.MAX_TEXT_BYTES);
    assertThat(Paragraph.textProblem(tooLongInBytes)).get().asString().contains("1048578 bytes");
    assertThatThrownBy(() -> Paragraph.sql(tooLongInBytes))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Paragraph.utf8Length("a😀")).isEqualTo(5);
  }

  @Test
  void namesArePrintableAndShort() {
    assertThat(Notebook.nameProblem("Sales – 2024 (EU) 😀")).isEmpty();
    assertThat(Notebook.nameProblem("x".repeat(200))).isEmpty();
    assertThat(Notebook.nameProblem("x".repeat(201))).get().asString().contains("at most 200");
    assertThat(Notebook.nameProblem("  ")).get().asString().contains("blank");
    assertThat(Notebook.nameProblem("")).get().asString().contains("blank");
    assertThat(Notebook.nameProblem("line\nbreak")).isPresent();
    assertThat(Notebook.nameProblem("bell\u0007")).isPresent();
    assertThat(Notebook.nameProblem("invoice\u202Etxt.exe")).get().asString().contains("U+202E");
    assertThat(Notebook.nameProblem("isolate\u2066x\u2069")).isPresent();
    assertThat(Notebook.nameProblem("lone \uD800 surrogate")).isPresent();
    assertThatThrownBy(() -> orders().renamed("bad\u202Aname"))
        .isInstanceOfSatisfying(
            BdpaasException.class,
            e -> assertThat(e.problems()).extracting(Problem::field).containsExactly("name"));
  }

  @Test
  void onlyTextParagraphsNameAForeignInterpreterAndOnlySqlHasParameters() {
    assertThatThrownBy(
            () -> Paragraph.markdown("# x").withParameters(List.of(Parameter.of("a", "1"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Paragraph.sql("select :a")
                    .withParameters(List.of(Parameter.of("a", "1"), Parameter.of("a", "2"))))
        .hasMessageContaining("declared twice");
    assertThatThrownBy(() -> Parameter.of("1st", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Paragraph.foreign("spark.pyspark", "x = 1").foreignInterpreter())
        .hasValue("spark.pyspark");
  }
}
