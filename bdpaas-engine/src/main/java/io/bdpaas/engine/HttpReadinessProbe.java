package io.bdpaas.engine;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.function.Predicate;

/** A {@link ReadinessProbe} over HTTP GET, optionally judging the JSON body. */
final class HttpReadinessProbe implements ReadinessProbe {
  private final EngineHttp http;
  private final URI uri;
  private final String description;
  private final Predicate<Object> accepts;
  private final boolean parseJson;

  HttpReadinessProbe(
      EngineHttp http, URI uri, String description, Predicate<Object> accepts, boolean parseJson) {
    this.http = requireNonNull(http, "http is null");
    this.uri = requireNonNull(uri, "uri is null");
    this.description = requireNonNull(description, "description is null");
    this.accepts = requireNonNull(accepts, "accepts is null");
    this.parseJson = parseJson;
  }

  @Override
  public ProbeResult check() {
    try {
      Object body = parseJson ? http.getJson(uri) : http.get(uri);
      if (accepts.test(body)) {
        return ProbeResult.ready(description);
      }
      return ProbeResult.notReady("not yet: " + description);
    } catch (EngineClientException e) {
      return ProbeResult.notReady(e.getMessage());
    } catch (RuntimeException e) {
      return ProbeResult.notReady(description + " failed: " + e);
    }
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
