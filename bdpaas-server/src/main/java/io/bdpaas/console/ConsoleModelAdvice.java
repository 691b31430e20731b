package io.bdpaas.console;

import io.bdpaas.backend.ClusterBackend;
import io.bdpaas.backend.Isolation;
import io.bdpaas.tenancy.Caller;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the signed-in user into every console page's model, for the navigation bar. The caller is
 * resolved by security, which this package does not depend on: domain pages use the console.
 */
@ControllerAdvice(annotations = Controller.class)
public class ConsoleModelAdvice {
  private final ClusterBackend backend;

  public ConsoleModelAdvice(ClusterBackend backend) {
    this.backend = backend;
  }

  @ModelAttribute("me")
  public Caller me(Optional<Caller> signedIn) {
    return signedIn.orElse(null);
  }

  /**
   * For administrators, on every page, when tenants are not kept apart below the API: what the
   * backend said at start-up ("one trust domain: ..."). Nobody else is shown it.
   */
  @ModelAttribute("trustWarning")
  public String trustWarning(Optional<Caller> signedIn) {
    Isolation isolation = backend.isolation();
    return signedIn.filter(Caller::isAdmin).isPresent() && !isolation.tenantsConfined()
        ? isolation.description()
        : null;
  }
}
