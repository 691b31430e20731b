package io.bdpaas.storage;

import io.bdpaas.backend.StorageFileName;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.StoredFile;
import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A project's files: {@code /api/v1/projects/{id}/files}. An upload is the raw body of a {@code
 * PUT} ({@code curl -T sales.csv .../files/sales.csv}), streamed to disk under its own size limit
 * and checked as it streams to be what its name says (a jar must be a whole, safe jar).
 */
@RestController
@RequestMapping("/api/v1/projects/{id}/files")
@Tag(
    name = "Project files",
    description = "Data files and jars in a project's storage, for Spark to read and run")
public class ProjectFilesController {
  private final ProjectFilesService files;

  public ProjectFilesController(ProjectFilesService files) {
    this.files = files;
  }

  /**
   * A file as clients see it; {@code path} is where the project's Spark reads it, e.g. {@code
   * SELECT * FROM csv.`<path>`}.
   */
  public record FileView(String name, long sizeBytes, Instant modifiedAt, String path) {
    static FileView of(StoredFile file) {
      return new FileView(
          file.name().value(), file.sizeBytes(), file.modifiedAt(), file.location());
    }
  }

  /**
   * A project's files with the bytes its whole storage area holds (tables included) and the largest
   * upload.
   */
  public record FilesView(List<FileView> items, long usedBytes, long maxFileBytes) {}

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "List a project's files, with the space its storage uses")
  public FilesView list(Caller caller, @PathVariable ProjectId id) {
    ProjectFilesService.Listing listing = files.list(caller, id);
    return new FilesView(
        listing.files().stream().map(FileView::of).toList(),
        listing.usedBytes(),
        listing.maxFileBytes());
  }

  @PutMapping(
      path = "/{name}",
      consumes = MediaType.ALL_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary =
          "Upload a file (CSV, JSON, Parquet, text or jar) as the raw request body, replacing"
              + " one of the same name; 201 when new, 200 when replaced",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                      schema = @Schema(type = "string", format = "binary"))))
  public ResponseEntity<FileView> upload(
      Caller caller,
      @PathVariable ProjectId id,
      @PathVariable String name,
      HttpServletRequest request)
      throws IOException {
    ProjectFilesService.Upload upload = files.upload(caller, id, name, request.getInputStream());
    FileView view = FileView.of(upload.file());
    return upload.replaced()
        ? ResponseEntity.ok(view)
        : ResponseEntity.created(URI.create("/api/v1/projects/" + id + "/files/" + view.name()))
            .body(view);
  }

  @GetMapping("/{name}")
  @Operation(summary = "Download a file")
  public ResponseEntity<Resource> download(
      Caller caller, @PathVariable ProjectId id, @PathVariable String name) {
    StorageFiles.OpenFile open = files.open(caller, id, name);
    StoredFile file = open.file();
    return ResponseEntity.ok()
        .contentType(mediaType(file.name()))
        .contentLength(file.sizeBytes())
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(file.name().value()).build().toString())
        .body(new InputStreamResource(open.content()));
  }

  @DeleteMapping("/{name}")
  @Operation(summary = "Delete a file")
  public ResponseEntity<Void> delete(
      Caller caller, @PathVariable ProjectId id, @PathVariable String name) {
    files.delete(caller, id, name);
    return ResponseEntity.noContent().build();
  }

  private static MediaType mediaType(StorageFileName name) {
    return switch (name.kind()) {
      case CSV -> new MediaType("text", "csv");
      case JSON -> MediaType.APPLICATION_JSON;
      case TEXT -> MediaType.TEXT_PLAIN;
      case PARQUET -> MediaType.APPLICATION_OCTET_STREAM;
      case JAR -> new MediaType("application", "java-archive");
    };
  }
}
