package io.bdpaas.streaming;

import io.bdpaas.account.UserStore;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.event.Event;
import io.bdpaas.project.ProjectId;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A streaming project's application packages, launch configurations, launched applications and
 * savepoints: {@code /api/v1/projects/{streamingProjectId}/packages}, {@code .../launch-configs},
 * {@code .../applications}, {@code .../savepoints}. A Spark project answers 409 where only
 * streaming projects have something.
 */
@RestController
@RequestMapping("/api/v1/projects/{streamingProjectId}")
@Tag(
    name = "Streaming",
    description =
        "Application packages, launch configurations and launched Flink applications of a"
            + " streaming project")
public class StreamingController {
  private final PackageService packages;
  private final StreamAppService apps;
  private final UserStore users;

  public StreamingController(PackageService packages, StreamAppService apps, UserStore users) {
    this.packages = packages;
    this.apps = apps;
    this.users = users;
  }

  /** A package version as clients see it. */
  public record PackageView(
      String id,
      String name,
      String version,
      String description,
      List<PackageDescriptor.Application> applications,
      String owner,
      long sizeBytes,
      String sha256,
      boolean preinstalled,
      Instant createdAt) {
    static PackageView of(StreamPackage version, String owner) {
      return new PackageView(
          version.id().value(),
          version.name(),
          version.version(),
          version.descriptor().description(),
          version.descriptor().applications(),
          owner,
          version.sizeBytes(),
          version.sha256(),
          version.preinstalled(),
          version.createdAt());
    }
  }

  /** A launched application as clients see it. */
  public record AppView(
      String id,
      String projectId,
      String packageId,
      String packageName,
      String packageVersion,
      String application,
      String entryClass,
      LaunchSettings settings,
      String configName,
      String restoredFrom,
      String state,
      String desired,
      String engineState,
      String message,
      String clusterId,
      String flinkJobId,
      Instant createdAt,
      Instant startedAt,
      Instant endedAt,
      Long uptimeMs) {
    static AppView of(StreamApp app) {
      return new AppView(
          app.id().value(),
          app.projectId().value(),
          app.packageId().map(PackageId::value).orElse(null),
          app.packageName(),
          app.packageVersion(),
          app.application(),
          app.entryClass(),
          app.settings(),
          app.configName().orElse(null),
          app.restoreFrom().orElse(null),
          app.state().wireName(),
          app.desired().wireName(),
          app.engineState().orElse(null),
          app.message().orElse(null),
          app.clusterId().map(Object::toString).orElse(null),
          app.flinkJobId(),
          app.createdAt(),
          app.startedAt().orElse(null),
          app.endedAt().orElse(null),
          app.uptime(Timestamps.now()).map(java.time.Duration::toMillis).orElse(null));
    }
  }

  /** A saved launch configuration as clients see it. */
  public record ConfigView(
      String id,
      String name,
      String packageName,
      String packageVersion,
      String application,
      LaunchSettings settings,
      Instant createdAt,
      Instant updatedAt) {
    static ConfigView of(LaunchConfig config) {
      return new ConfigView(
          config.id().value(),
          config.name(),
          config.packageName(),
          config.packageVersion().orElse(null),
          config.application(),
          config.settings(),
          config.createdAt(),
          config.updatedAt());
    }
  }

  /** A kept savepoint as clients see it. */
  public record SavepointView(
      String id,
      String appId,
      String packageName,
      String application,
      String path,
      String kind,
      Instant createdAt) {
    static SavepointView of(Savepoint savepoint) {
      return new SavepointView(
          savepoint.id().value(),
          savepoint.appId().value(),
          savepoint.packageName(),
          savepoint.application(),
          savepoint.path(),
          savepoint.kind().wireName(),
          savepoint.createdAt());
    }
  }

  /** An event of an application as clients see it. */
  public record EventView(long id, Instant time, String type, String message) {
    static EventView of(Event event) {
      return new EventView(
          event.id(), event.time(), event.kind().name().toLowerCase(Locale.ROOT), event.message());
    }
  }

  /** What may come with a launch of a saved configuration or a relaunch. */
  public record SavepointChoice(String savepoint) {}

  // Packages

  @PutMapping(
      path = "/packages/{fileName}",
      consumes = MediaType.ALL_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary =
          "Upload a jar as a new package version (the raw request body). Name and version come"
              + " from its META-INF/bdpaas-package.json unless given; a jar without one is a"
              + " package of its Main-Class named after the file",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = "application/java-archive",
                      schema = @Schema(type = "string", format = "binary"))))
  public ResponseEntity<PackageView> upload(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @PathVariable String fileName,
      @RequestParam(required = false) String name,
      @RequestParam(required = false) String version,
      HttpServletRequest request)
      throws IOException {
    StreamPackage stored =
        packages.upload(
            caller,
            id,
            fileName,
            Optional.ofNullable(name).filter(n -> !n.isEmpty()),
            Optional.ofNullable(version).filter(v -> !v.isEmpty()),
            request.getInputStream());
    return ResponseEntity.created(URI.create("/api/v1/projects/" + id + "/packages/" + stored.id()))
        .body(PackageView.of(stored, caller.username()));
  }

  @GetMapping("/packages")
  @Operation(summary = "List package versions, by name and newest version first")
  public Page<PackageView> packages(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    Page<StreamPackage> versions = packages.list(caller, id, new PageRequest(page, size));
    Map<UserId, String> owners =
        users.usernames(versions.items().stream().map(StreamPackage::ownerId).toList());
    return versions.map(version -> PackageView.of(version, owners.get(version.ownerId())));
  }

  @GetMapping("/packages/{packageId}")
  @Operation(summary = "Get a package version with its applications")
  public PackageView getPackage(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @PathVariable String packageId) {
    StreamPackage version = packages.get(caller, id, PackageId.parse(packageId));
    return PackageView.of(
        version, users.usernames(List.of(version.ownerId())).get(version.ownerId()));
  }

  @DeleteMapping("/packages/{packageId}")
  @Operation(summary = "Delete a package version (409 while an application runs from it)")
  public ResponseEntity<Void> deletePackage(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @PathVariable String packageId) {
    packages.delete(caller, id, PackageId.parse(packageId));
    return ResponseEntity.noContent().build();
  }

  // Launch configurations

  @PostMapping(path = "/launch-configs", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Save a launch configuration")
  public ResponseEntity<ConfigView> createConfig(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @RequestBody StreamAppService.ConfigRequest request) {
    LaunchConfig config = apps.createConfig(caller, id, request);
    return ResponseEntity.created(
            URI.create("/api/v1/projects/" + id + "/launch-configs/" + config.id()))
        .body(ConfigView.of(config));
  }

  @GetMapping("/launch-configs")
  @Operation(summary = "List saved launch configurations by name")
  public Page<ConfigView> configs(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    return apps.configs(caller, id, new PageRequest(page, size)).map(ConfigView::of);
  }

  @GetMapping("/launch-configs/{configId}")
  @Operation(summary = "Get a saved launch configuration")
  public ConfigView config(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @PathVariable String configId) {
    return ConfigView.of(apps.config(caller, id, LaunchConfigId.parse(configId)));
  }

  @PutMapping(path = "/launch-configs/{configId}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Replace a saved launch configuration")
  public ConfigView updateConfig(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @PathVariable String configId,
      @RequestBody StreamAppService.ConfigRequest request) {
    return ConfigView.of(apps.updateConfig(caller, id, LaunchConfigId.parse(configId), request));
  }

  @DeleteMapping("/launch-configs/{configId}")
  @Operation(summary = "Delete a saved launch configuration")
  public ResponseEntity<Void> deleteConfig(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @PathVariable String configId) {
    apps.deleteConfig(caller, id, LaunchConfigId.parse(configId));
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/launch-configs/{configId}/launch")
  @Operation(
      summary =
          "Launch a saved configuration; savepoint: 'none' (default), 'latest' or a savepoint's"
              + " id")
  public ResponseEntity<AppView> launchConfig(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @PathVariable String configId,
      @RequestBody(required = false) SavepointChoice choice) {
    StreamApp app =
        apps.launch(
            caller,
            id,
            LaunchConfigId.parse(configId),
            Optional.ofNullable(choice).map(SavepointChoice::savepoint));
    return accepted(id, app);
  }

  // Applications

  @PostMapping(path = "/applications", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Launch an application of a package; answers 202 while it launches")
  public ResponseEntity<AppView> launch(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @RequestBody StreamAppService.LaunchRequest request) {
    return accepted(id, apps.launch(caller, id, request));
  }

  @GetMapping("/applications")
  @Operation(summary = "List launched applications, newest first, optionally in one state")
  public Page<AppView> applications(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @RequestParam(required = false) String state,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    return apps.list(caller, id, stateOf(state), new PageRequest(page, size)).map(AppView::of);
  }

  @GetMapping("/applications/{appId}")
  @Operation(summary = "Get a launched application")
  public AppView application(
      Caller caller, @PathVariable("streamingProjectId") ProjectId id, @PathVariable String appId) {
    return AppView.of(apps.get(caller, id, StreamAppId.parse(appId)));
  }

  @PostMapping("/applications/{appId}/shutdown")
  @Operation(summary = "Shut an application down with a savepoint; answers 202")
  public ResponseEntity<AppView> shutdown(
      Caller caller, @PathVariable("streamingProjectId") ProjectId id, @PathVariable String appId) {
    return ResponseEntity.accepted()
        .body(AppView.of(apps.shutdown(caller, id, StreamAppId.parse(appId))));
  }

  @PostMapping("/applications/{appId}/kill")
  @Operation(summary = "Kill an application (cancel its job, no savepoint); answers 202")
  public ResponseEntity<AppView> kill(
      Caller caller, @PathVariable("streamingProjectId") ProjectId id, @PathVariable String appId) {
    return ResponseEntity.accepted()
        .body(AppView.of(apps.kill(caller, id, StreamAppId.parse(appId))));
  }

  @PostMapping("/applications/{appId}/relaunch")
  @Operation(
      summary =
          "Launch an application again as it was launched; savepoint: 'latest' (the default"
              + " when it has one), 'none' or a savepoint's id")
  public ResponseEntity<AppView> relaunch(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @PathVariable String appId,
      @RequestBody(required = false) SavepointChoice choice) {
    StreamApp app =
        apps.relaunch(
            caller,
            id,
            StreamAppId.parse(appId),
            Optional.ofNullable(choice).map(SavepointChoice::savepoint));
    return accepted(id, app);
  }

  @GetMapping("/applications/{appId}/events")
  @Operation(summary = "An application's events, newest first, kept by the platform")
  public Page<EventView> events(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @PathVariable String appId,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    return apps.events(caller, id, StreamAppId.parse(appId), new PageRequest(page, size))
        .map(EventView::of);
  }

  @GetMapping("/savepoints")
  @Operation(summary = "Savepoints kept for the project's applications, newest first")
  public Page<SavepointView> savepoints(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @RequestParam(required = false) String packageName,
      @RequestParam(required = false) String application,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    return apps.savepoints(
            caller,
            id,
            Optional.ofNullable(packageName),
            Optional.ofNullable(application),
            new PageRequest(page, size))
        .map(SavepointView::of);
  }

  private static ResponseEntity<AppView> accepted(ProjectId project, StreamApp app) {
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/projects/" + project + "/applications/" + app.id()))
        .body(AppView.of(app));
  }

  private static Optional<StreamApp.State> stateOf(String state) {
    if (state == null || state.isEmpty()) {
      return Optional.empty();
    }
    for (StreamApp.State value : StreamApp.State.values()) {
      if (value.wireName().equals(state)) {
        return Optional.of(value);
      }
    }
    throw BdpaasException.invalid(
        "state",
        "must be one of "
            + String.join(
                ", ",
                java.util.Arrays.stream(StreamApp.State.values())
                    .map(StreamApp.State::wireName)
                    .toList()));
  }
}
