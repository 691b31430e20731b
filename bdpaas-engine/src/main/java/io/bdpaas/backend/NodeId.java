package io.bdpaas.backend;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Identifies one node of one cluster. Both parts end up in directory names, process markers and log
 * lines, so they are restricted to a safe alphabet.
 */
public record NodeId(String clusterId, String nodeName) {
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  public NodeId {
    checkSafeName(clusterId, "clusterId");
    checkSafeName(nodeName, "nodeName");
  }

  /** Parses the {@code <clusterId>/<nodeName>} form produced by {@link #toString()}. */
  public static NodeId parse(String value) {
    requireNonNull(value, "value is null");
    int slash = value.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("node id must look like <clusterId>/<nodeName>: " + value);
    }
    return new NodeId(value.substring(0, slash), value.substring(slash + 1));
  }

  static void checkSafeName(String value, String what) {
    requireNonNull(value, what + " is null");
    if (!SAFE_NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " must be 1-63 characters of letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit: '"
              + value
              + "'");
    }
  }

  @Override
  public String toString() {
    return clusterId + "/" + nodeName;
  }
}
