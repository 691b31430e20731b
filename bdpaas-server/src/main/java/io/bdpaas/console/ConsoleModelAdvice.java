package io.bdpaas.console;

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

  @ModelAttribute("me")
  public Caller me(Optional<Caller> signedIn) {
    return signedIn.orElse(null);
  }
}
