package io.bdpaas.overview;

import io.bdpaas.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The overview: {@code GET /api/v1/overview}, and its console page {@code /overview}. */
@Controller
@Tag(name = "Overview", description = "The platform at a glance (a user's own slice of it)")
public class OverviewController {
  private final OverviewService overview;

  public OverviewController(OverviewService overview) {
    this.overview = overview;
  }

  @GetMapping("/api/v1/overview")
  @ResponseBody
  @Operation(
      summary =
          "Cores and memory (capacity, allocated, in use, peak), applications by type and phase,"
              + " nodes, streaming rates, and the newest warnings and errors: the whole platform"
              + " for an admin, the caller's own for a user")
  public OverviewService.Overview overview(Caller caller) {
    return overview.overview(caller);
  }

  @GetMapping("/overview")
  public String page() {
    return "overview";
  }
}
