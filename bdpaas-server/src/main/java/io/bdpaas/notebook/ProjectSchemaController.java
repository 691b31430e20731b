package io.bdpaas.notebook;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A project's Spark SQL catalog: {@code /api/v1/projects/{projectId}/schema}. */
@RestController
@Tag(name = "Notebooks")
public class ProjectSchemaController {
  private final ProjectSchema schema;

  public ProjectSchemaController(ProjectSchema schema) {
    this.schema = schema;
  }

  @GetMapping(
      path = "/api/v1/projects/{projectId}/schema",
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary =
          "The project's databases, tables and views (with the notebooks' temporary views) and"
              + " their columns, for the schema browser and completion; 409 while the project is"
              + " not running")
  public ProjectSchema.Schema schema(Caller caller, @PathVariable String projectId) {
    if (!ProjectId.isValid(projectId)) {
      throw BdpaasException.notFound("Project", projectId);
    }
    return schema.read(caller, new ProjectId(projectId));
  }
}
