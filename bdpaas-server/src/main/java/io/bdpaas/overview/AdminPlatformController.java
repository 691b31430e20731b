package io.bdpaas.overview;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Tenants and the control plane's health, for administrators: {@code /api/v1/admin/tenants}, {@code
 * /api/v1/admin/health} and the console page {@code /admin/tenants}.
 */
@Controller
@Tag(name = "Administration")
public class AdminPlatformController {
  private final TenantsService tenants;
  private final PlatformHealth health;

  public AdminPlatformController(TenantsService tenants, PlatformHealth health) {
    this.tenants = tenants;
    this.health = health;
  }

  @GetMapping("/api/v1/admin/tenants")
  @ResponseBody
  @Operation(
      summary =
          "Every user with their projects, clusters and nodes, cores and memory allocated and in"
              + " use against their quota, and their projects' storage")
  public Page<TenantsService.Tenant> tenants(
      Caller caller,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    return tenants.list(caller, new PageRequest(page, size));
  }

  @GetMapping("/api/v1/admin/health")
  @ResponseBody
  @Operation(
      summary =
          "The control plane's JVM, its database and the queues of its reconcilers (depth,"
              + " failing resources, slowest recent step)")
  public PlatformHealth.Health health() {
    return health.health();
  }

  @GetMapping("/admin/tenants")
  public String page(Model model) {
    model.addAttribute("adminSection", "tenants");
    return "admin/tenants";
  }
}
