package io.bdpaas.cluster;

import java.util.Locale;

/**
 * A cluster's lifecycle, as in seed 003: {@code registered → scheduling → scheduled → configuring →
 * configured → ready}, then {@code destroyed}; {@code failed} from any step, with a reason.
 */
public enum ClusterStatus {
  REGISTERED,
  SCHEDULING,
  SCHEDULED,
  CONFIGURING,
  CONFIGURED,
  READY,
  FAILED,
  DESTROYED;

  /** The name clients see: lower case, as in the seed. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ClusterStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
