package io.bdpaas.application;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's all-applications page; its table is read from the API by applications.js. */
@Controller
public class ApplicationsPageController {
  @GetMapping("/applications")
  public String applications() {
    return "applications";
  }
}
