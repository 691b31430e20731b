package io.bdpaas.api;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.databind.ObjectMapper;

/**
 * The JSON of answers a store serves again unchanged (see {@code ReadCache}), written once per
 * answer rather than once per request, as the Kubernetes API server encodes a cached object once
 * for all its watchers. An answer is recognised by identity: the same instance from the store is
 * the same content, so its JSON and entity tag are reused; any new instance is written afresh.
 *
 * <p>Each rendering carries a strong entity tag, so a client polling a list gets {@code 304 Not
 * Modified} with no body until the list changes.
 *
 * @param <S> what the store answers, immutable
 */
public final class RenderedJson<S> {
  private final ObjectMapper json;
  private final Function<? super S, ?> view;
  private final Map<Identity, Rendering> renderings = new ConcurrentHashMap<>();
  private final int maxRenderings;

  /**
   * @param view what clients see of an answer (pure: it may run once for many requests)
   * @param maxRenderings how many to keep; beyond it, all are dropped at once
   */
  public RenderedJson(ObjectMapper json, Function<? super S, ?> view, int maxRenderings) {
    this.json = requireNonNull(json, "json is null");
    this.view = requireNonNull(view, "view is null");
    if (maxRenderings < 1) {
      throw new IllegalArgumentException("maxRenderings must be at least 1");
    }
    this.maxRenderings = maxRenderings;
  }

  /** The answer's JSON, or {@code 304} when the request already holds it. */
  public ResponseEntity<byte[]> respond(S answer, WebRequest request) {
    Rendering rendering = render(answer);
    if (request.checkNotModified(rendering.entityTag())) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
          .eTag(rendering.entityTag())
          .cacheControl(CacheControl.noCache())
          .build();
    }
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .eTag(rendering.entityTag())
        .cacheControl(CacheControl.noCache())
        .body(rendering.json());
  }

  Rendering render(S answer) {
    Identity key = new Identity(requireNonNull(answer, "answer is null"));
    Rendering kept = renderings.get(key);
    if (kept != null) {
      return kept;
    }
    byte[] bytes = json.writeValueAsBytes(view.apply(answer));
    Rendering rendering = new Rendering(bytes, entityTag(bytes));
    if (renderings.size() >= maxRenderings) {
      renderings.clear();
    }
    renderings.put(key, rendering);
    return rendering;
  }

  private static String entityTag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** One answer's JSON and its entity tag. */
  record Rendering(byte[] json, String entityTag) {}

  /** An answer as a key by identity, not by (costly, and here needless) value equality. */
  private record Identity(Object answer) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Identity that && that.answer == answer;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(answer);
    }
  }
}
