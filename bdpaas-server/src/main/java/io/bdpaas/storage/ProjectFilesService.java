package io.bdpaas.storage;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Problem;
import io.bdpaas.api.StreamedUploads;
import io.bdpaas.backend.ClusterBackend;
import io.bdpaas.backend.FileContentException;
import io.bdpaas.backend.FileTooLargeException;
import io.bdpaas.backend.StorageFileName;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.StoredFile;
import io.bdpaas.cluster.Cluster;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectId;
import io.bdpaas.project.ProjectService;
import io.bdpaas.settings.BdpaasSettings;
import io.bdpaas.settings.SettingsCatalog;
import io.bdpaas.tenancy.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The files of a project's storage area: data its owner uploads for Spark to read, and jars for it
 * to run, beside the project's tables. A project that is not the caller's does not exist here
 * either (404), and a stopped project's files are there as a running one's.
 */
@Service
public class ProjectFilesService {
  private static final Logger log = LoggerFactory.getLogger(ProjectFilesService.class);

  private final ProjectService projects;
  private final ClusterBackend backend;
  private final long maxFileBytes;

  public ProjectFilesService(
      ProjectService projects, ClusterBackend backend, BdpaasSettings settings) {
    this.projects = projects;
    this.backend = backend;
    this.maxFileBytes = settings.uploads().maxProjectFileBytes();
  }

  /** A project's files and the bytes its whole storage area holds (tables included). */
  public record Listing(List<StoredFile> files, long usedBytes, long maxFileBytes) {}

  /** A stored upload, and whether it replaced a file of the same name. */
  public record Upload(StoredFile file, boolean replaced) {}

  /** The space a project's files take (a project the caller was found to see). */
  public long usedBytes(Project project) {
    return filesOf(project).usedBytes();
  }

  public Listing list(Caller caller, ProjectId id) {
    StorageFiles files = filesOf(projects.get(caller, id));
    return new Listing(files.list(), files.usedBytes(), maxFileBytes);
  }

  /**
   * Streams {@code content} into the project's file {@code name}, replacing one of that name once
   * all of it has arrived and been checked; nothing is kept of an upload that is refused or breaks
   * off.
   */
  public Upload upload(Caller caller, ProjectId id, String name, InputStream content) {
    Project project = projects.get(caller, id);
    StorageFileName file = fileName(name);
    String tenant = Cluster.tenantOf(project.ownerId());
    backend.ensureStorage(tenant, project.storage());
    StorageFiles files = backend.storageFiles(tenant, project.storage());
    boolean replaced = files.list().stream().anyMatch(existing -> existing.name().equals(file));
    StoredFile stored;
    try {
      stored = files.write(file, content, maxFileBytes);
    } catch (FileTooLargeException e) {
      throw new BdpaasException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          e.getMessage() + " (" + SettingsCatalog.MAX_PROJECT_FILE_SIZE.key() + ")");
    } catch (FileContentException e) {
      throw BdpaasException.invalid("body", e.getMessage());
    } catch (IOException e) {
      log.info("[project {}] upload of {} broke off: {}", project.id(), file, e.toString());
      throw StreamedUploads.readFailure(e);
    } catch (UncheckedIOException e) {
      projects.get(caller, id); // deleted meanwhile: not found
      throw e;
    }
    log.info(
        "[project {}] file {} uploaded by {} ({} bytes)",
        project.id(),
        file,
        caller.username(),
        stored.sizeBytes());
    return new Upload(stored, replaced);
  }

  /** The file opened for reading; the caller closes it. */
  public StorageFiles.OpenFile open(Caller caller, ProjectId id, String name) {
    Project project = projects.get(caller, id);
    StorageFileName file = fileName(name);
    return filesOf(project).open(file).orElseThrow(() -> notFound(project, file));
  }

  public void delete(Caller caller, ProjectId id, String name) {
    Project project = projects.get(caller, id);
    StorageFileName file = fileName(name);
    if (!filesOf(project).delete(file)) {
      throw notFound(project, file);
    }
    log.info("[project {}] file {} deleted by {}", project.id(), file, caller.username());
  }

  /**
   * Where the project's Spark reads the file {@code name} (which need not exist yet), for example
   * {@code SELECT * FROM csv.`<location>`}; {@link io.bdpaas.project.SampleDataset#FILE} is the
   * sample every new project has.
   */
  public String location(Caller caller, ProjectId id, StorageFileName name) {
    return filesOf(projects.get(caller, id)).location(name);
  }

  private StorageFiles filesOf(Project project) {
    return backend.storageFiles(Cluster.tenantOf(project.ownerId()), project.storage());
  }

  private static StorageFileName fileName(String name) {
    List<String> problems = StorageFileName.problems(name);
    if (!problems.isEmpty()) {
      String shown = "'" + StorageFileName.printable(name) + "' ";
      throw BdpaasException.invalid(
          problems.stream().map(problem -> Problem.of("name", shown + problem)).toList());
    }
    return new StorageFileName(name);
  }

  private static BdpaasException notFound(Project project, StorageFileName file) {
    return new BdpaasException(
        ErrorCode.NOT_FOUND, "Project " + project.id() + " has no file " + file);
  }
}
