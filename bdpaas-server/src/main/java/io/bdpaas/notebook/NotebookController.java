package io.bdpaas.notebook;

import io.bdpaas.api.AwaitedAnswer;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.WaitSeconds;
import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Notebooks of a project: {@code /api/v1/projects/{projectId}/notebooks}. */
@RestController
@RequestMapping(
    path = "/api/v1/projects/{projectId}/notebooks",
    produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(
    name = "Notebooks",
    description = "A project's notebooks of Spark SQL and Markdown, run on its Connect server")
public class NotebookController {
  private final NotebookService notebooks;
  private final ResultFiles results;
  private final ObjectMapper json;

  public NotebookController(NotebookService notebooks, ResultFiles results, ObjectMapper json) {
    this.notebooks = notebooks;
    this.results = results;
    this.json = json;
  }

  /** A notebook in a list. */
  public record NotebookSummary(
      String id,
      String projectId,
      String name,
      int paragraphs,
      long revision,
      Instant createdAt,
      Instant updatedAt) {}

  /** A paragraph's last run. */
  public record RunView(
      String paragraphId,
      String runId,
      String status,
      Map<String, String> arguments,
      ParagraphRun.EngineError error,
      List<ParagraphRun.Column> columns,
      long rowCount,
      boolean truncated,
      Instant queuedAt,
      Instant startedAt,
      Instant finishedAt,
      SparkProgress.Progress progress,
      ResultPage result) {}

  /** A page of a result's rows. */
  public record ResultPage(
      List<ParagraphRun.Column> columns,
      long rowCount,
      boolean truncated,
      int page,
      int size,
      long totalPages,
      List<?> rows) {}

  public record CreateRequest(String name) {}

  public record RenameRequest(String name) {}

  public record DuplicateRequest(String name) {}

  public record MoveRequest(Integer index) {}

  public record RunRequest(Map<String, Object> parameters) {}

  @GetMapping
  @Operation(summary = "List the project's notebooks, last changed first")
  public Page<NotebookSummary> list(
      Caller caller,
      @PathVariable String projectId,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    return notebooks
        .list(caller, project(projectId), new PageRequest(page, size))
        .map(NotebookController::summary);
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Create an empty notebook")
  public ResponseEntity<ObjectNode> create(
      Caller caller, @PathVariable String projectId, @RequestBody CreateRequest request) {
    String name = request.name() == null ? "" : request.name();
    Notebook.nameProblem(name)
        .ifPresent(
            problem -> {
              throw BdpaasException.invalid("name", problem);
            });
    return created(notebooks.create(caller, project(projectId), Notebook.empty(name)), List.of());
  }

  @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Import a notebook: a BDPaaS export, or an Apache Zeppelin note (note.json, .zpln)",
      description =
          "Zeppelin's %sql and %md paragraphs become SQL and Markdown; other interpreters' code is"
              + " kept as text and marked. The answer's importNotes say what was converted."
              + " name= renames the imported notebook.")
  public ResponseEntity<ObjectNode> importNotebook(
      Caller caller,
      @PathVariable String projectId,
      @RequestParam(required = false) String name,
      @RequestBody byte[] body) {
    boolean ours = NotebookJson.parse(body).has("format");
    Notebook notebook;
    List<String> notes = List.of();
    if (ours) {
      notebook = NotebookJson.read(body);
    } else {
      ZeppelinImport.Result imported = ZeppelinImport.read(body);
      notebook = imported.notebook();
      notes = imported.notes();
    }
    if (name != null) {
      Notebook.nameProblem(name)
          .ifPresent(
              problem -> {
                throw BdpaasException.invalid("name", problem);
              });
      notebook = notebook.renamed(name);
    }
    return created(notebooks.create(caller, project(projectId), notebook), notes);
  }

  @GetMapping("/{notebookId}")
  @Operation(
      summary = "Get a notebook: its paragraphs, each with its last run (status, result's columns)")
  public ObjectNode get(
      Caller caller, @PathVariable String projectId, @PathVariable String notebookId) {
    return view(notebooks.get(caller, project(projectId), notebook(notebookId)));
  }

  @PutMapping(path = "/{notebookId}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Replace the notebook's document (the export format)",
      description = "With revision=, refused with 409 if someone saved the notebook since then.")
  public ObjectNode replace(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable String notebookId,
      @RequestParam(required = false) Long revision,
      @RequestBody byte[] body) {
    return view(
        notebooks.save(
            caller,
            project(projectId),
            notebook(notebookId),
            Optional.ofNullable(revision),
            NotebookJson.read(body)));
  }

  @PatchMapping(path = "/{notebookId}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Rename a notebook")
  public ObjectNode rename(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable String notebookId,
      @RequestBody RenameRequest request) {
    String name = request.name() == null ? "" : request.name();
    Notebook.nameProblem(name)
        .ifPresent(
            problem -> {
              throw BdpaasException.invalid("name", problem);
            });
    return view(
        notebooks.change(
            caller, project(projectId), notebook(notebookId), notebook -> notebook.renamed(name)));
  }

  @PostMapping(path = "/{notebookId}/duplicate")
  @Operation(summary = "Copy a notebook (its paragraphs, not their results)")
  public ResponseEntity<ObjectNode> duplicate(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable String notebookId,
      @RequestBody(required = false) DuplicateRequest request) {
    return created(
        notebooks.duplicate(
            caller,
            project(projectId),
            notebook(notebookId),
            Optional.ofNullable(request).map(DuplicateRequest::name)),
        List.of());
  }

  @DeleteMapping("/{notebookId}")
  @Operation(summary = "Delete a notebook and its results; running paragraphs are cancelled")
  public ResponseEntity<Void> delete(
      Caller caller, @PathVariable String projectId, @PathVariable String notebookId) {
    notebooks.delete(caller, project(projectId), notebook(notebookId));
    return ResponseEntity.noContent().build();
  }

  @GetMapping(path = "/{notebookId}/export")
  @Operation(summary = "Download the notebook as a file that import reads back")
  public ResponseEntity<byte[]> export(
      Caller caller, @PathVariable String projectId, @PathVariable String notebookId) {
    SavedNotebook saved = notebooks.get(caller, project(projectId), notebook(notebookId));
    String file = saved.notebook().name().replaceAll("[^A-Za-z0-9._-]+", "-") + ".json";
    return ResponseEntity.ok()
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(file, StandardCharsets.UTF_8)
                .build()
                .toString())
        .contentType(MediaType.APPLICATION_JSON)
        .body(NotebookJson.write(saved.notebook()).getBytes(StandardCharsets.UTF_8));
  }

  @PostMapping(path = "/{notebookId}/paragraphs", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Add a paragraph (the export format's paragraph object), at index= or at the end")
  public ResponseEntity<ObjectNode> addParagraph(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable String notebookId,
      @RequestParam(required = false) Integer index,
      @RequestBody byte[] body) {
    Paragraph paragraph = NotebookJson.readParagraph(body);
    SavedNotebook saved =
        notebooks.change(
            caller,
            project(projectId),
            notebook(notebookId),
            notebook -> {
              Paragraph fresh =
                  notebook.paragraph(paragraph.id()).isPresent()
                      ? paragraph.withId(ParagraphId.random())
                      : paragraph;
              int at = index == null ? notebook.paragraphs().size() : index;
              if (at < 0 || at > notebook.paragraphs().size()) {
                throw BdpaasException.invalid(
                    "index", "must be between 0 and " + notebook.paragraphs().size());
              }
              return notebook.withParagraph(at, fresh);
            });
    return ResponseEntity.status(201).body(view(saved));
  }

  @PutMapping(
      path = "/{notebookId}/paragraphs/{paragraphId}",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Change a paragraph: its text, title, parameters, display")
  public ObjectNode updateParagraph(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable String notebookId,
      @PathVariable String paragraphId,
      @RequestBody byte[] body) {
    ParagraphId id = paragraph(paragraphId);
    Paragraph paragraph = NotebookJson.readParagraph(body).withId(id);
    return view(
        notebooks.change(
            caller,
            project(projectId),
            notebook(notebookId),
            notebook -> {
              requireParagraph(notebook, id);
              return notebook.withUpdated(paragraph);
            }));
  }

  @PostMapping(
      path = "/{notebookId}/paragraphs/{paragraphId}/move",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Move a paragraph to another index")
  public ObjectNode moveParagraph(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable String notebookId,
      @PathVariable String paragraphId,
      @RequestBody MoveRequest request) {
    ParagraphId id = paragraph(paragraphId);
    if (request.index() == null) {
      throw BdpaasException.invalid("index", "is required");
    }
    return view(
        notebooks.change(
            caller,
            project(projectId),
            notebook(notebookId),
            notebook -> {
              requireParagraph(notebook, id);
              if (request.index() < 0 || request.index() >= notebook.paragraphs().size()) {
                throw BdpaasException.invalid(
                    "index", "must be between 0 and " + (notebook.paragraphs().size() - 1));
              }
              return notebook.moved(id, request.index());
            }));
  }

  @DeleteMapping("/{notebookId}/paragraphs/{paragraphId}")
  @Operation(summary = "Delete a paragraph")
  public ObjectNode deleteParagraph(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable String notebookId,
      @PathVariable String paragraphId) {
    ParagraphId id = paragraph(paragraphId);
    return view(
        notebooks.change(
            caller,
            project(projectId),
            notebook(notebookId),
            notebook -> {
              requireParagraph(notebook, id);
              return notebook.withoutParagraph(id);
            }));
  }

  @PostMapping(path = "/{notebookId}/paragraphs/{paragraphId}/run")
  @Operation(
      summary = "Run an SQL paragraph on the project's Connect server; answers 202 with its run",
      description =
          "parameters: values for its :name parameters (bound as SQL parameters, never pasted"
              + " into the text); absent ones take their defaults. With wait=N (1 to 60 seconds),"
              + " a run that ends within N seconds is answered 200 with its first page of rows"
              + " (result); one still running after N seconds is answered 202.")
  public ResponseEntity<RunView> run(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable String notebookId,
      @PathVariable String paragraphId,
      @RequestParam(required = false) Integer wait,
      @RequestBody(required = false) RunRequest request,
      HttpServletRequest servletRequest) {
    checkWait(wait);
    Map<String, Object> values =
        request == null || request.parameters() == null ? Map.of() : request.parameters();
    ProjectId project = project(projectId);
    NotebookId notebook = notebook(notebookId);
    ParagraphId paragraph = paragraph(paragraphId);
    ParagraphRun queued =
        notebooks.run(caller, project, notebook, Optional.of(paragraph), values).get(0);
    if (wait == null) {
      return ResponseEntity.accepted().body(runView(queued));
    }
    CompletableFuture<ParagraphRun> ending = notebooks.ending(caller, project, queued);
    AwaitedAnswer.start(
            servletRequest,
            json,
            Duration.ofSeconds(wait),
            () ->
                ResponseEntity.accepted()
                    .body(runView(notebooks.lastRun(caller, project, notebook, paragraph))))
        .sendWhen(ending, ended -> ResponseEntity.ok(withFirstPage(ended)));
    return null; // answered by the AwaitedAnswer
  }

  /** A run's view with the first page of its rows, if it finished. */
  private RunView withFirstPage(ParagraphRun run) {
    return runView(
        run,
        null,
        run.status() == ParagraphRun.Status.FINISHED
            ? resultPage(run, PageRequest.first(PageRequest.DEFAULT_SIZE))
            : null);
  }

  private ResultPage resultPage(ParagraphRun run, PageRequest request) {
    return new ResultPage(
        run.columns(),
        run.rowCount(),
        run.truncated(),
        request.page(),
        request.size(),
        (run.rowCount() + request.size() - 1) / request.size(),
        results.rows(
            run.notebookId(), run.paragraphId(), run.runId(), request.offset(), request.size()));
  }

  private static void checkWait(Integer wait) {
    if (wait != null) {
      BdpaasException.throwIfAny(WaitSeconds.problem(wait).stream().toList());
    }
  }

  @PostMapping(path = "/{notebookId}/run")
  @Operation(
      summary = "Run every SQL paragraph in order, stopping at the first that fails; answers 202")
  public ResponseEntity<List<RunView>> runAll(
      Caller caller, @PathVariable String projectId, @PathVariable String notebookId) {
    return ResponseEntity.accepted()
        .body(
            notebooks
                .run(caller, project(projectId), notebook(notebookId), Optional.empty(), Map.of())
                .stream()
                .map(NotebookController::runView)
                .toList());
  }

  @PostMapping(path = "/{notebookId}/paragraphs/{paragraphId}/cancel")
  @Operation(summary = "Cancel the paragraph's run if it is queued or running")
  public ResponseEntity<RunView> cancel(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable String notebookId,
      @PathVariable String paragraphId) {
    ProjectId project = project(projectId);
    NotebookId notebook = notebook(notebookId);
    ParagraphId paragraph = paragraph(paragraphId);
    notebooks.cancel(caller, project, notebook, paragraph);
    return ResponseEntity.accepted()
        .body(runView(notebooks.lastRun(caller, project, notebook, paragraph)));
  }

  @PostMapping(path = "/{notebookId}/cancel")
  @Operation(summary = "Cancel every queued or running paragraph of the notebook")
  public ObjectNode cancelAll(
      Caller caller, @PathVariable String projectId, @PathVariable String notebookId) {
    int cancelled = notebooks.cancelAll(caller, project(projectId), notebook(notebookId));
    return json.createObjectNode().put("cancelled", cancelled);
  }

  @GetMapping("/{notebookId}/paragraphs/{paragraphId}/run")
  @Operation(
      summary =
          "The paragraph's last run: status, error, result's columns and row count; while it"
              + " runs, its Spark jobs, stages and tasks",
      description =
          "With wait=N (1 to 60 seconds), a queued or running run is answered when it ends, or"
              + " after N seconds, whichever comes first: a client waits instead of polling.")
  public ResponseEntity<RunView> lastRun(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable String notebookId,
      @PathVariable String paragraphId,
      @RequestParam(required = false) Integer wait,
      HttpServletRequest servletRequest) {
    checkWait(wait);
    ProjectId project = project(projectId);
    NotebookId notebook = notebook(notebookId);
    ParagraphId paragraph = paragraph(paragraphId);
    ParagraphRun run = notebooks.lastRun(caller, project, notebook, paragraph);
    if (wait == null || !run.isActive()) {
      return ResponseEntity.ok(runView(caller, project, run));
    }
    CompletableFuture<ParagraphRun> ending = notebooks.ending(caller, project, run);
    AwaitedAnswer.start(
            servletRequest,
            json,
            Duration.ofSeconds(wait),
            () ->
                ResponseEntity.ok(
                    runView(
                        caller, project, notebooks.lastRun(caller, project, notebook, paragraph))))
        .sendWhen(
            ending,
            ended ->
                ResponseEntity.ok(
                    runView(notebooks.lastRun(caller, project, notebook, paragraph))));
    return null; // answered by the AwaitedAnswer
  }

  @GetMapping("/{notebookId}/paragraphs/{paragraphId}/result")
  @Operation(summary = "A page of the rows of the paragraph's last result")
  public ResultPage result(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable String notebookId,
      @PathVariable String paragraphId,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    PageRequest request = new PageRequest(page, size);
    ParagraphRun run =
        notebooks.finishedRun(
            caller, project(projectId), notebook(notebookId), paragraph(paragraphId));
    return resultPage(run, request);
  }

  @GetMapping(path = "/{notebookId}/paragraphs/{paragraphId}/result.csv", produces = "text/csv")
  @Operation(summary = "The paragraph's last result as CSV")
  public ResponseEntity<StreamingResponseBody> resultCsv(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable String notebookId,
      @PathVariable String paragraphId) {
    ParagraphRun run =
        notebooks.finishedRun(
            caller, project(projectId), notebook(notebookId), paragraph(paragraphId));
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(paragraphId + ".csv").build().toString())
        .body(
            out ->
                results.writeCsv(
                    run.notebookId(), run.paragraphId(), run.runId(), run.columns(), out));
  }

  @GetMapping("/{notebookId}/paragraphs/{paragraphId}/chart")
  @Operation(
      summary = "The paragraph's last result aggregated for a chart",
      description =
          "Uses the paragraph's saved display; type, key, value, group and aggregation override"
              + " it (to preview before saving).")
  public ChartData chart(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable String notebookId,
      @PathVariable String paragraphId,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String key,
      @RequestParam(required = false) String value,
      @RequestParam(required = false) String group,
      @RequestParam(required = false) String aggregation) {
    ProjectId project = project(projectId);
    NotebookId notebook = notebook(notebookId);
    ParagraphId id = paragraph(paragraphId);
    Paragraph paragraph = requireParagraph(notebooks.get(caller, project, notebook).notebook(), id);
    ParagraphRun run = notebooks.finishedRun(caller, project, notebook, id);
    Display saved = paragraph.display();
    Display display =
        new Display(
            Display.Mode.CHART,
            type == null ? saved.type() : choice(Display.ChartType.class, "type", type),
            key == null ? saved.key() : Optional.of(key),
            value == null ? saved.value() : Optional.of(value),
            group == null ? saved.group() : Optional.of(group).filter(g -> !g.isEmpty()),
            aggregation == null
                ? saved.aggregation()
                : choice(Display.Aggregation.class, "aggregation", aggregation));
    return ChartData.of(
        run.columns(),
        display,
        row -> results.forEach(run.notebookId(), run.paragraphId(), run.runId(), row));
  }

  private ObjectNode view(SavedNotebook saved) {
    ObjectNode view = json.createObjectNode();
    view.put("id", saved.id().value());
    view.put("projectId", saved.projectId().value());
    view.put("name", saved.notebook().name());
    view.put("revision", saved.revision());
    view.put("createdAt", saved.createdAt().toString());
    view.put("updatedAt", saved.updatedAt().toString());
    Map<ParagraphId, ParagraphRun> runs = notebooks.runs(saved);
    ArrayNode paragraphs = view.putArray("paragraphs");
    for (Paragraph paragraph : saved.notebook().paragraphs()) {
      ObjectNode node = NotebookJson.tree(paragraph);
      ParagraphRun run = runs.get(paragraph.id());
      if (run != null) {
        node.set("run", json.valueToTree(runView(run)));
      }
      paragraphs.add(node);
    }
    return view;
  }

  private ResponseEntity<ObjectNode> created(SavedNotebook saved, List<String> notes) {
    ObjectNode view = view(saved);
    if (!notes.isEmpty()) {
      view.set("importNotes", json.valueToTree(notes));
    }
    return ResponseEntity.created(
            URI.create(
                "/api/v1/projects/" + saved.projectId() + "/notebooks/" + saved.id().value()))
        .body(view);
  }

  private static NotebookSummary summary(SavedNotebook saved) {
    return new NotebookSummary(
        saved.id().value(),
        saved.projectId().value(),
        saved.notebook().name(),
        saved.notebook().paragraphs().size(),
        saved.revision(),
        saved.createdAt(),
        saved.updatedAt());
  }

  static RunView runView(ParagraphRun run) {
    return runView(run, null, null);
  }

  /** A run as clients see it, with its Spark progress and first rows when there are. */
  private static RunView runView(
      ParagraphRun run, SparkProgress.Progress progress, ResultPage result) {
    return new RunView(
        run.paragraphId().value(),
        run.runId(),
        run.status().wireName(),
        run.arguments(),
        run.error().orElse(null),
        run.columns(),
        run.rowCount(),
        run.truncated(),
        run.queuedAt(),
        run.startedAt().orElse(null),
        run.finishedAt().orElse(null),
        progress,
        result);
  }

  /** The same, with the Spark progress of a running one. */
  private RunView runView(Caller caller, ProjectId project, ParagraphRun run) {
    return runView(run, notebooks.progress(caller, run, project).orElse(null), null);
  }

  private static Paragraph requireParagraph(Notebook notebook, ParagraphId id) {
    return notebook.paragraph(id).orElseThrow(() -> BdpaasException.notFound("Paragraph", id));
  }

  private static <E extends Enum<E>> E choice(Class<E> type, String field, String text) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    throw BdpaasException.invalid(
        field,
        "must be one of "
            + java.util.Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
                .toList());
  }

  private static ProjectId project(String id) {
    if (!ProjectId.isValid(id)) {
      throw BdpaasException.notFound("Project", id);
    }
    return new ProjectId(id);
  }

  private static NotebookId notebook(String id) {
    if (!NotebookId.isValid(id)) {
      throw BdpaasException.notFound("Notebook", id);
    }
    return new NotebookId(id);
  }

  private static ParagraphId paragraph(String id) {
    if (!ParagraphId.isWellFormed(id)) {
      throw BdpaasException.notFound("Paragraph", id);
    }
    return new ParagraphId(id);
  }
}
