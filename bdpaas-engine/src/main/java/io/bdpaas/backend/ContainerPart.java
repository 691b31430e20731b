package io.bdpaas.backend;

import java.util.List;
import java.util.Map;

/**
 * How the Kubernetes backend runs a node: a container image with its command. The {@code container}
 * part of a product template; cores and memory come from the node group.
 *
 * @param image the container image, such as {@code apache/spark:4.2.0}
 * @param command the entry point, replacing the image's own when given
 * @param args arguments of the entry point
 * @param env environment variables of the container
 */
public record ContainerPart(
    String image, List<String> command, List<String> args, Map<String, String> env) {
  public ContainerPart {
    command = command == null ? List.of() : List.copyOf(command);
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? Map.of() : Map.copyOf(env);
  }
}
