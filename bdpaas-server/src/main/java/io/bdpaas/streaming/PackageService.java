package io.bdpaas.streaming;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.Problem;
import io.bdpaas.api.StreamedUploads;
import io.bdpaas.backend.FileContentException;
import io.bdpaas.backend.FileTooLargeException;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectCreated;
import io.bdpaas.project.ProjectDeleting;
import io.bdpaas.project.ProjectId;
import io.bdpaas.project.ProjectService;
import io.bdpaas.settings.BdpaasSettings;
import io.bdpaas.settings.SettingsCatalog;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The application packages of streaming projects: upload (streamed, size-limited, checked to be a
 * safe jar, its descriptor read), list by name and version, delete; and the demo packages every
 * streaming project starts with.
 */
@Service
public class PackageService {
  private static final Logger log = LoggerFactory.getLogger(PackageService.class);
  static final int MAX_VERSIONS_PER_PROJECT = 200;
  private static final String WHAT = "application packages";

  /** The demo packages written in this project (bdpaas-flink-samples), carried by the server. */
  static final List<String> DEMOS = List.of("samples/wordcount-demo.jar", "samples/pi-demo.jar");

  private final PackageStore packages;
  private final PackageFiles files;
  private final ProjectService projects;
  private final StreamAppStore apps;
  private final long maxBytes;

  public PackageService(
      PackageStore packages,
      PackageFiles files,
      ProjectService projects,
      StreamAppStore apps,
      BdpaasSettings settings) {
    this.packages = packages;
    this.files = files;
    this.projects = projects;
    this.apps = apps;
    this.maxBytes = settings.uploads().maxProjectFileBytes();
  }

  /**
   * Streams a jar into a new version of a package. Its name and version come from the jar's
   * descriptor unless given here; a jar without a descriptor is a package of its {@code Main-Class}
   * named after {@code fileName}, numbered after the versions already there.
   */
  public StreamPackage upload(
      Caller caller,
      ProjectId projectId,
      String fileName,
      Optional<String> name,
      Optional<String> version,
      InputStream content) {
    Project project = projects.get(caller, projectId, Project.Kind.STREAMING, WHAT);
    return upload(caller, project, fileName, name, version, content, false);
  }

  private StreamPackage upload(
      Caller caller,
      Project project,
      String fileName,
      Optional<String> name,
      Optional<String> version,
      InputStream content,
      boolean preinstalled) {
    if (packages.countInProject(project.id()) >= MAX_VERSIONS_PER_PROJECT) {
      throw new BdpaasException(
          ErrorCode.QUOTA_EXCEEDED,
          "a project holds at most "
              + MAX_VERSIONS_PER_PROJECT
              + " package versions: delete old ones first");
    }
    try (PackageFiles.Received received = receive(project, content)) {
      PackageDescriptor descriptor = describe(caller, project, fileName, name, version, received);
      if (packages
          .findVersion(caller, project.id(), descriptor.name(), descriptor.version())
          .isPresent()) {
        throw new BdpaasException(
            ErrorCode.ALREADY_EXISTS,
            "package "
                + descriptor.name()
                + " already has a version "
                + descriptor.version()
                + ": upload it as another version, or delete that one first");
      }
      StreamPackage stored =
          new StreamPackage(
              PackageId.random(),
              project.id(),
              project.ownerId(),
              descriptor,
              received.sizeBytes(),
              received.sha256(),
              preinstalled,
              Timestamps.now());
      files.keep(received, stored.id());
      try {
        packages.insert(stored);
      } catch (RuntimeException e) {
        files.delete(stored.id());
        throw e;
      }
      log.info(
          "[project {}] package {} {} uploaded by {} ({} bytes, {} applications)",
          project.id(),
          stored.name(),
          stored.version(),
          caller.username(),
          stored.sizeBytes(),
          descriptor.applications().size());
      return stored;
    }
  }

  private PackageFiles.Received receive(Project project, InputStream content) {
    try {
      return files.receive(content, maxBytes);
    } catch (FileTooLargeException e) {
      throw new BdpaasException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "the package is larger than the limit of "
              + maxBytes
              + " bytes ("
              + SettingsCatalog.MAX_PROJECT_FILE_SIZE.key()
              + ")");
    } catch (FileContentException e) {
      throw BdpaasException.invalid("body", e.getMessage());
    } catch (IOException e) {
      log.info("[project {}] a package upload broke off: {}", project.id(), e.toString());
      throw StreamedUploads.readFailure(e);
    }
  }

  private PackageDescriptor describe(
      Caller caller,
      Project project,
      String fileName,
      Optional<String> name,
      Optional<String> version,
      PackageFiles.Received received) {
    if (received.descriptor().isPresent()) {
      PackageDescriptor.Parsed parsed =
          PackageDescriptor.parse(received.descriptor().get(), name, version);
      BdpaasException.throwIfAny(parsed.problems());
      return parsed.descriptor().orElseThrow();
    }
    List<Problem> problems = new ArrayList<>();
    if (received.mainClass().isEmpty()) {
      problems.add(
          Problem.of(
              "body",
              "the jar has neither "
                  + PackageDescriptor.PATH
                  + " nor a Main-Class in its manifest: add one of them to say what it runs"));
    } else if (!PackageDescriptor.isClassName(received.mainClass().get())) {
      problems.add(Problem.of("body", "the jar's Main-Class is not a Java class name"));
    }
    String packageName = name.orElseGet(() -> nameOf(fileName));
    problems.addAll(PackageDescriptor.nameProblems("name", packageName));
    String packageVersion =
        version.orElseGet(
            () ->
                String.valueOf(
                    packages.versions(caller, project.id(), packageName).stream()
                            .map(StreamPackage::version)
                            .filter(v -> v.matches("[0-9]{1,9}"))
                            .mapToInt(Integer::parseInt)
                            .max()
                            .orElse(0)
                        + 1));
    problems.addAll(PackageDescriptor.versionProblems("version", packageVersion));
    BdpaasException.throwIfAny(problems);
    return PackageDescriptor.ofMainClass(
        packageName, packageVersion, received.mainClass().orElseThrow());
  }

  /** A package name from an uploaded file's name: {@code My_App-1.jar} is {@code my_app-1}. */
  static String nameOf(String fileName) {
    String base = fileName == null ? "" : fileName;
    if (base.toLowerCase(Locale.ROOT).endsWith(".jar")) {
      base = base.substring(0, base.length() - 4);
    }
    return base.toLowerCase(Locale.ROOT);
  }

  public Page<StreamPackage> list(Caller caller, ProjectId projectId, PageRequest page) {
    projects.get(caller, projectId, Project.Kind.STREAMING, WHAT);
    return packages.list(caller, projectId, page);
  }

  public StreamPackage get(Caller caller, ProjectId projectId, PackageId id) {
    projects.get(caller, projectId);
    return packages
        .find(caller, projectId, id)
        .orElseThrow(() -> BdpaasException.notFound("Package", id));
  }

  /** A version of a package by name, or its newest when {@code version} is empty. */
  public StreamPackage get(
      Caller caller, ProjectId projectId, String name, Optional<String> version) {
    List<StreamPackage> versions = packages.versions(caller, projectId, name);
    return (version.isEmpty()
            ? versions.stream().findFirst()
            : versions.stream().filter(v -> v.version().equals(version.get())).findFirst())
        .orElseThrow(
            () ->
                BdpaasException.notFound(
                    "Package", name + version.map(v -> " version " + v).orElse("")));
  }

  /** The jar of a package version, for a launch. */
  Optional<Path> jarForReconciler(PackageId id) {
    return files.find(id);
  }

  /** Deletes a version, unless an application launched from it is still active. */
  public void delete(Caller caller, ProjectId projectId, PackageId id) {
    StreamPackage version = get(caller, projectId, id);
    long active = apps.countActiveOfPackage(version.id());
    if (active > 0) {
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          "package "
              + version.name()
              + " "
              + version.version()
              + " runs in "
              + active
              + " active application"
              + (active == 1 ? "" : "s")
              + ": shut "
              + (active == 1 ? "it" : "them")
              + " down first");
    }
    packages.delete(caller, id);
    files.delete(id);
    log.info(
        "[project {}] package {} {} deleted by {}",
        projectId,
        version.name(),
        version.version(),
        caller.username());
  }

  /** Every new streaming project starts with the demo packages. */
  @EventListener
  public void onProjectCreated(ProjectCreated created) {
    Project project = created.project();
    if (project.kind() != Project.Kind.STREAMING) {
      return;
    }
    for (String demo : DEMOS) {
      try (InputStream jar = PackageService.class.getClassLoader().getResourceAsStream(demo)) {
        if (jar == null) {
          log.warn("this server carries no {}: new streaming projects go without it", demo);
          continue;
        }
        upload(created.caller(), project, demo, Optional.empty(), Optional.empty(), jar, true);
      } catch (IOException | RuntimeException e) {
        log.warn("[project {}] the demo package {} could not be added", project.id(), demo, e);
      }
    }
  }

  /** A deleted project's package jars go with it (their rows go with the project's). */
  @EventListener
  public void onProjectDeleting(ProjectDeleting deleting) {
    packages.idsOfProjectForCleanup(deleting.project()).forEach(files::delete);
  }
}
