package io.bdpaas.backend;

import static java.util.Objects.requireNonNull;

/**
 * How far a backend keeps tenants apart below the API, as administrators are told at start-up and
 * on the admin pages.
 *
 * @param tenantsConfined whether one tenant's code is kept from other tenants' data and the
 *     platform's (own accounts or namespaces, private working areas)
 * @param description what holds, or why it does not, in a sentence an administrator can act on
 */
public record Isolation(boolean tenantsConfined, String description) {
  /** What an administrator is told when tenants are not confined. */
  public static final String ONE_TRUST_DOMAIN =
      "one trust domain: every tenant's code can read every tenant's data";

  public Isolation {
    requireNonNull(description, "description is null");
  }
}
