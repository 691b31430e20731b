package io.bdpaas.notebook;

import io.bdpaas.api.BdpaasException;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Reads a {@link NotebookId} from a path: a malformed id names no notebook, so it is answered as
 * not found, exactly like a well-formed id of a notebook that does not exist (or is someone
 * else's).
 */
@Component
public class NotebookIdConverter implements Converter<String, NotebookId> {
  @Override
  public NotebookId convert(String text) {
    if (!NotebookId.isValid(text)) {
      throw BdpaasException.notFound("Notebook", text);
    }
    return new NotebookId(text);
  }
}
