package io.bdpaas.cluster;

import io.bdpaas.api.BdpaasException;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Reads a {@link ClusterId} from a path: a malformed id names no cluster, so it is answered as not
 * found, exactly like a well-formed id of a cluster that does not exist (or is someone else's).
 */
@Component
public class ClusterIdConverter implements Converter<String, ClusterId> {
  @Override
  public ClusterId convert(String text) {
    if (!ClusterId.isValid(text)) {
      throw BdpaasException.notFound("Cluster", text);
    }
    return new ClusterId(text);
  }
}
