package io.bdpaas.notebook;

import io.bdpaas.settings.BdpaasSettings;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The rows of paragraph results, kept in the platform's data directory (readable by the platform
 * only: they are tenants' data) as one JSON array per line, one file per run. A page is read by
 * skipping lines; the whole result streams out as CSV.
 */
@Component
public class ResultFiles {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Path root;

  @Autowired
  public ResultFiles(BdpaasSettings settings) {
    this(settings.dataDir().resolve("notebook-results"));
  }

  ResultFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** Writes a run's rows, one {@link #write} per row; {@link #close} keeps them. */
  public final class RowWriter implements AutoCloseable {
    private final java.io.Writer out;
    private long rows;
    private long bytes;

    private RowWriter(Path file) throws IOException {
      this.out =
          new BufferedWriter(
              new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
    }

    public void write(List<?> row) {
      try {
        String line = JSON.writeValueAsString(row);
        out.write(line);
        out.write('\n');
        rows++;
        bytes += line.length() + 1;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write a result row", e);
      }
    }

    public long rows() {
      return rows;
    }

    /** Characters written so far, about the bytes on disk. */
    public long size() {
      return bytes;
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write a result", e);
      }
    }
  }

  public RowWriter writer(NotebookId notebook, ParagraphId paragraph, String runId) {
    try {
      Path directory = root.resolve(notebook.value());
      Files.createDirectories(root);
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
      Files.createDirectories(directory);
      return new RowWriter(file(notebook, paragraph, runId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the result of " + paragraph, e);
    }
  }

  /** Rows {@code offset} to {@code offset + limit} of a run's result (fewer at its end). */
  public List<JsonNode> rows(
      NotebookId notebook, ParagraphId paragraph, String runId, long offset, int limit) {
    List<JsonNode> rows = new ArrayList<>();
    each(notebook, paragraph, runId, offset, limit, line -> rows.add(JSON.readTree(line)));
    return rows;
  }

  /** Every row of a run's result, in order, as parsed JSON arrays. */
  public void forEach(
      NotebookId notebook, ParagraphId paragraph, String runId, Consumer<ArrayNode> row) {
    each(
        notebook,
        paragraph,
        runId,
        0,
        Long.MAX_VALUE,
        line -> row.accept((ArrayNode) JSON.readTree(line)));
  }

  private void each(
      NotebookId notebook,
      ParagraphId paragraph,
      String runId,
      long offset,
      long limit,
      Consumer<String> line) {
    Path file = file(notebook, paragraph, runId);
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (long skipped = 0; skipped < offset; skipped++) {
        if (reader.readLine() == null) {
          return;
        }
      }
      String text;
      for (long taken = 0; taken < limit && (text = reader.readLine()) != null; taken++) {
        line.accept(text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the result of " + paragraph, e);
    }
  }

  /** The result as CSV (RFC 4180), its header the columns' names. */
  public void writeCsv(
      NotebookId notebook,
      ParagraphId paragraph,
      String runId,
      List<ParagraphRun.Column> columns,
      OutputStream target) {
    try {
      java.io.Writer out =
          new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 1 << 16);
      csvLine(out, columns.stream().map(ParagraphRun.Column::name).toList());
      forEach(
          notebook,
          paragraph,
          runId,
          row -> {
            List<String> cells = new ArrayList<>(row.size());
            for (JsonNode cell : row) {
              cells.add(
                  cell.isNull() ? "" : cell.isValueNode() ? cell.asString() : cell.toString());
            }
            try {
              csvLine(out, cells);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the result of " + paragraph + " as CSV", e);
    }
  }

  private static void csvLine(java.io.Writer out, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      String cell = cells.get(i);
      if (cell.indexOf(',') >= 0
          || cell.indexOf('"') >= 0
          || cell.indexOf('\n') >= 0
          || cell.indexOf('\r') >= 0) {
        out.write('"');
        out.write(cell.replace("\"", "\"\""));
        out.write('"');
      } else {
        out.write(cell);
      }
    }
    out.write("\r\n");
  }

  /** Deletes the paragraph's results but the one of {@code keptRunId}. */
  public void deleteOthers(NotebookId notebook, ParagraphId paragraph, String keptRunId) {
    Path directory = root.resolve(notebook.value());
    if (!Files.isDirectory(directory)) {
      return;
    }
    String prefix = paragraph.value() + "-";
    String kept = file(notebook, paragraph, keptRunId).getFileName().toString();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith(prefix) && !name.equals(kept)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete old results of " + paragraph, e);
    }
  }

  /** Deletes every result of the notebook. */
  public void deleteAll(NotebookId notebook) {
    Path directory = root.resolve(notebook.value());
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the results of " + notebook, e);
    }
  }

  private Path file(NotebookId notebook, ParagraphId paragraph, String runId) {
    if (!runId.matches("[a-z0-9-]{1,40}")) {
      throw new IllegalArgumentException("not a run id: " + runId);
    }
    return root.resolve(notebook.value()).resolve(paragraph.value() + "-" + runId + ".jsonl");
  }
}
