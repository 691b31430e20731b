package io.bdpaas.cluster;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a cluster is given by the resource that creates it, such as a project: the token its clients
 * present (templates see it as {@code secret.client}) and the owner's storage area it works in
 * ({@code storage.path}), which outlives the cluster. A cluster created on its own has neither.
 */
public record ClusterAttachments(Optional<String> clientToken, Optional<String> storage) {
  public static final ClusterAttachments NONE =
      new ClusterAttachments(Optional.empty(), Optional.empty());
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,200}");
  private static final Pattern STORAGE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public ClusterAttachments {
    requireNonNull(clientToken, "clientToken is null");
    requireNonNull(storage, "storage is null");
    // Both end up in engine configuration files: nothing but these characters may reach them.
    clientToken.ifPresent(
        token -> {
          if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("a client token is 16 to 200 of [A-Za-z0-9_-]");
          }
        });
    storage.ifPresent(
        name -> {
          if (!STORAGE.matcher(name).matches()) {
            throw new IllegalArgumentException("not a storage area name: " + name);
          }
        });
  }
}
