package io.bdpaas.console;

import io.bdpaas.security.CurrentCaller;
import io.bdpaas.tenancy.Caller;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the signed-in user into every console page's model, for the navigation bar. */
@ControllerAdvice(annotations = Controller.class)
public class ConsoleModelAdvice {

  @ModelAttribute("me")
  public Caller me() {
    return CurrentCaller.find().orElse(null);
  }
}
