package io.bdpaas.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's entry pages. Sections of later capabilities show their empty states; each domain's
 * pages have a page controller of their own ({@code ProjectPageController}, {@code
 * ClusterPageController}...).
 */
@Controller
public class ConsoleController {

  @GetMapping("/")
  public String home() {
    return "redirect:/projects";
  }

  @GetMapping("/login")
  public String login() {
    return "login";
  }

  @GetMapping("/admin")
  public String admin() {
    return "redirect:/admin/users";
  }
}
