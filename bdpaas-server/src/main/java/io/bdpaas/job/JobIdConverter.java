package io.bdpaas.job;

import io.bdpaas.api.BdpaasException;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Reads a {@link JobId} from a path: a malformed id names no job, so it is answered as not found,
 * exactly like a well-formed id of a job that does not exist (or is someone else's).
 */
@Component
public class JobIdConverter implements Converter<String, JobId> {
  @Override
  public JobId convert(String text) {
    if (!JobId.isValid(text)) {
      throw BdpaasException.notFound("Job", text);
    }
    return new JobId(text);
  }
}
