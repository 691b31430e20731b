package io.bdpaas.project;

import io.bdpaas.api.BdpaasException;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Reads a {@link ProjectId} from a path: a malformed id names no project, so it is answered as not
 * found, exactly like a well-formed id of a project that does not exist (or is someone else's).
 */
@Component
public class ProjectIdConverter implements Converter<String, ProjectId> {
  @Override
  public ProjectId convert(String text) {
    if (!ProjectId.isValid(text)) {
      throw BdpaasException.notFound("Project", text);
    }
    return new ProjectId(text);
  }
}
