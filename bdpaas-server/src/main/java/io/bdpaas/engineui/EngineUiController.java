package io.bdpaas.engineui;

import static java.util.Objects.requireNonNull;

import io.bdpaas.cluster.ClusterId;
import io.bdpaas.tenancy.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/** A cluster's engine UI, at {@code /clusters/{id}/ui/}, for its owner and administrators. */
@Controller
public class EngineUiController {
  private final EngineUiProxy proxy;

  public EngineUiController(EngineUiProxy proxy) {
    this.proxy = requireNonNull(proxy, "proxy is null");
  }

  @RequestMapping({"/clusters/{id}/ui", "/clusters/{id}/ui/**"})
  public void ui(
      Caller caller,
      @PathVariable ClusterId id,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    proxy.forward(caller, id, request, response);
  }
}
