package io.bdpaas.backend.kubernetes;

import java.util.Map;

/**
 * Which image runs a product version: each built-in product's template names the official Apache
 * image of its version ({@code apache/spark:4.2.0}, {@code apache/flink:2.3.0-java17}); an
 * organisation that pulls from its own registry maps those names to its copies here.
 *
 * @param replacements the image to run instead, by the image a template names
 */
public record KubernetesImages(Map<String, String> replacements) {
  public KubernetesImages {
    replacements = Map.copyOf(replacements);
  }

  /** The official images as the templates name them. */
  public static KubernetesImages official() {
    return new KubernetesImages(Map.of());
  }

  /** The image to run for one a template names. */
  public String imageFor(String templateImage) {
    return replacements.getOrDefault(templateImage, templateImage);
  }
}
