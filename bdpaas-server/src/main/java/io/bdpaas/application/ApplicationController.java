package io.bdpaas.application;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.Problem;
import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every Spark run and streaming application the caller may see, all tenants' for an admin: {@code
 * /api/v1/applications}, with filters, search, sorting and paging, and kill.
 */
@RestController
@RequestMapping("/api/v1/applications")
@Tag(
    name = "Applications",
    description = "Spark job runs and streaming applications of every project, in one list")
public class ApplicationController {
  private final ApplicationService applications;

  private final ApplicationUsage usage;

  public ApplicationController(ApplicationService applications, ApplicationUsage usage) {
    this.applications = applications;
    this.usage = usage;
  }

  /** An application as the list shows it. */
  public record ApplicationView(
      String id,
      String type,
      String user,
      String name,
      String detail,
      String projectId,
      String projectName,
      String state,
      String phase,
      String finalStatus,
      String message,
      Instant submittedAt,
      Instant startedAt,
      Instant endedAt,
      Long lifetimeMs,
      String link,
      String engineUi,
      Integer memoryMb,
      Integer progressPercent) {
    static ApplicationView of(ApplicationRow row, ApplicationUsage.Usage usage, Instant now) {
      return new ApplicationView(
          row.id(),
          row.kind().wireName(),
          row.ownerName(),
          row.name(),
          row.detail(),
          row.projectId().value(),
          row.projectName(),
          row.state().toLowerCase(Locale.ROOT),
          row.phase().wireName(),
          row.phase().finalStatus(),
          row.message().orElse(null),
          row.createdAt(),
          row.startedAt().orElse(null),
          row.endedAt().orElse(null),
          row.lifetime(now).map(Duration::toMillis).orElse(null),
          row.consolePath(),
          row.engineUiPath().orElse(null),
          usage.memoryMb(),
          usage.progressPercent());
    }
  }

  @GetMapping
  @Operation(
      summary =
          "List applications: type spark|streaming, phase pending|running|finished|failed|killed,"
              + " user (a username), project (an id), q (text in id, name, package, user or"
              + " project), sort submitted|name|user|project|type|state, order desc|asc")
  public Page<ApplicationView> list(
      Caller caller,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String phase,
      @RequestParam(required = false) String user,
      @RequestParam(required = false) String project,
      @RequestParam(required = false) String q,
      @RequestParam(defaultValue = "submitted") String sort,
      @RequestParam(defaultValue = "desc") String order,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    List<Problem> problems = new ArrayList<>();
    Optional<ApplicationRow.Kind> kind =
        choice("type", type, ApplicationRow.Kind.values(), ApplicationRow.Kind::wireName, problems);
    Optional<ApplicationRow.Phase> inPhase =
        choice(
            "phase",
            phase,
            ApplicationRow.Phase.values(),
            ApplicationRow.Phase::wireName,
            problems);
    Optional<ApplicationStore.Sort> sortBy =
        choice(
            "sort",
            sort,
            ApplicationStore.Sort.values(),
            ApplicationStore.Sort::wireName,
            problems);
    if (!order.equals("desc") && !order.equals("asc")) {
      problems.add(Problem.of("order", "must be desc or asc"));
    }
    Optional<ProjectId> inProject = Optional.empty();
    if (project != null && !project.isEmpty()) {
      if (ProjectId.isValid(project)) {
        inProject = Optional.of(new ProjectId(project));
      } else {
        problems.add(Problem.of("project", "'" + project + "' is not a project id"));
      }
    }
    Optional<String> search = Optional.ofNullable(q).map(String::strip).filter(s -> !s.isEmpty());
    if (search.isPresent() && search.get().length() > 200) {
      problems.add(Problem.of("q", "is at most 200 characters"));
    }
    BdpaasException.throwIfAny(problems);
    ApplicationStore.Filter filter =
        new ApplicationStore.Filter(
            kind, inPhase, Optional.ofNullable(user).filter(u -> !u.isEmpty()), inProject, search);
    Instant now = Instant.now();
    Page<ApplicationRow> rows =
        applications.list(
            caller,
            filter,
            sortBy.orElseThrow(),
            order.equals("desc"),
            new PageRequest(page, size));
    Map<String, ApplicationUsage.Usage> used = usage.of(caller, rows.items());
    return rows.map(row -> ApplicationView.of(row, used.get(row.id()), now));
  }

  @GetMapping("/{applicationId}")
  @Operation(summary = "Get one application of any type")
  public ApplicationView get(Caller caller, @PathVariable String applicationId) {
    return view(caller, applications.get(caller, applicationId));
  }

  @PostMapping("/{applicationId}/kill")
  @Operation(
      summary =
          "Kill an application of any type (a Spark run's driver, a streaming application's job"
              + " without a savepoint); answers 202, 409 when it has ended")
  public ResponseEntity<ApplicationView> kill(Caller caller, @PathVariable String applicationId) {
    return ResponseEntity.accepted().body(view(caller, applications.kill(caller, applicationId)));
  }

  private ApplicationView view(Caller caller, ApplicationRow row) {
    return ApplicationView.of(row, usage.of(caller, List.of(row)).get(row.id()), Instant.now());
  }

  /** The value of {@code values} named {@code text}, when there is text; a problem otherwise. */
  private static <T> Optional<T> choice(
      String field, String text, T[] values, Function<T, String> name, List<Problem> problems) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    for (T value : values) {
      if (name.apply(value).equals(text)) {
        return Optional.of(value);
      }
    }
    problems.add(
        Problem.of(
            field,
            "must be one of "
                + Arrays.stream(values).map(name).collect(Collectors.joining(", "))
                + " (not '"
                + text
                + "')"));
    return Optional.empty();
  }
}
