package io.bdpaas.job;

import io.bdpaas.api.BdpaasException;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Reads a {@link JobRunId} from a path: a malformed id names no run, so it is answered as not
 * found, exactly like a well-formed id of a run that does not exist (or is someone else's).
 */
@Component
public class JobRunIdConverter implements Converter<String, JobRunId> {
  @Override
  public JobRunId convert(String text) {
    if (!JobRunId.isValid(text)) {
      throw BdpaasException.notFound("Run", text);
    }
    return new JobRunId(text);
  }
}
