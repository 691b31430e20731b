package io.bdpaas.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {
  private static final NotebookId NOTEBOOK = new NotebookId("n-abcdefgh");
  private static final ParagraphId PARAGRAPH = new ParagraphId("para-0a1b2c3d");

  @TempDir Path data;

  private ResultFiles results() {
    return new ResultFiles(data.resolve("results"));
  }

  @Test
  void rowsArePagedAndWrittenAsCsvWithQuoting() {
    ResultFiles results = results();
    try (ResultFiles.RowWriter writer = results.writer(NOTEBOOK, PARAGRAPH, "run-1")) {
      for (int i = 0; i < 7; i++) {
        writer.write(Arrays.asList(i, "row " + i, i % 2 == 0 ? null : "a,\"b\"\nc"));
      }
      assertThat(writer.rows()).isEqualTo(7);
    }

    assertThat(results.rows(NOTEBOOK, PARAGRAPH, "run-1", 5, 50))
        .extracting(row -> row.get(0).asInt())
        .containsExactly(5, 6);
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    results.writeCsv(
        NOTEBOOK,
        PARAGRAPH,
        "run-1",
        List.of(
            new ParagraphRun.Column("n", "int"),
            new ParagraphRun.Column("label", "string"),
            new ParagraphRun.Column("note", "string")),
        csv);
    String text = csv.toString(StandardCharsets.UTF_8);
    assertThat(text).startsWith("n,label,note\r\n0,row 0,\r\n1,row 1,\"a,\"\"b\"\"\nc\"\r\n");
  }

  @Test
  void aNewRunsResultReplacesTheOldOnesAndDeletingTheNotebookRemovesAll() throws Exception {
    ResultFiles results = results();
    results.writer(NOTEBOOK, PARAGRAPH, "run-1").close();
    results.writer(NOTEBOOK, PARAGRAPH, "run-2").close();

    results.deleteOthers(NOTEBOOK, PARAGRAPH, "run-2");
    try (var files = Files.list(data.resolve("results").resolve(NOTEBOOK.value()))) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactly(PARAGRAPH.value() + "-run-2.jsonl");
    }
    assertThat(Files.getPosixFilePermissions(data.resolve("results")))
        .hasSize(3); // owner only: tenants' data

    results.deleteAll(NOTEBOOK);
    assertThat(data.resolve("results").resolve(NOTEBOOK.value())).doesNotExist();
  }

  @Test
  void aMissingResultHasNoRows() {
    assertThat(results().rows(NOTEBOOK, PARAGRAPH, "never", 0, 10)).isEmpty();
  }
}
