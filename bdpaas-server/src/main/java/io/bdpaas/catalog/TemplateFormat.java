package io.bdpaas.catalog;

import java.util.Optional;
import org.springframework.http.MediaType;

/** The language a product template renders to. */
public enum TemplateFormat {
  JSON("application/json"),
  YAML("application/yaml");

  private final String mediaType;

  TemplateFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The format for a request's Content-Type, if it is one we render. */
  public static Optional<TemplateFormat> of(MediaType contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String subtype = contentType.getSubtype();
    if (subtype.equals("json") || subtype.endsWith("+json")) {
      return Optional.of(JSON);
    }
    if (subtype.equals("yaml") || subtype.equals("x-yaml")) {
      return Optional.of(YAML);
    }
    return Optional.empty();
  }
}
