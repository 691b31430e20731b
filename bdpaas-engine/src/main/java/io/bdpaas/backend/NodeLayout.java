package io.bdpaas.backend;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where a node to be specified lives: its id, the engine runtime folder it runs from and its
 * working directory. The input shared by every product's node-spec builder.
 */
public record NodeLayout(NodeId id, Path runtimeDirectory, Path workingDirectory) {
  public NodeLayout {
    requireNonNull(id, "id is null");
    requireNonNull(runtimeDirectory, "runtimeDirectory is null");
    requireNonNull(workingDirectory, "workingDirectory is null");
    if (!runtimeDirectory.isAbsolute()) {
      throw new IllegalArgumentException("runtimeDirectory must be absolute: " + runtimeDirectory);
    }
    if (!workingDirectory.isAbsolute()) {
      throw new IllegalArgumentException("workingDirectory must be absolute: " + workingDirectory);
    }
  }
}
