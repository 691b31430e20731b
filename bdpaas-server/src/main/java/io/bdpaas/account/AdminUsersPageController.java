package io.bdpaas.account;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.console.FormErrors;
import io.bdpaas.tenancy.AccountRules;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.Role;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's Admin › Users page: create users, disable and re-enable them, set quotas. */
@Controller
public class AdminUsersPageController {
  private static final int PAGE_SIZE = 25;

  private final UserService users;

  public AdminUsersPageController(UserService users) {
    this.users = users;
  }

  @GetMapping("/admin/users")
  public String list(Caller caller, @RequestParam(defaultValue = "0") int page, Model model) {
    Page<User> listed = users.list(caller, new PageRequest(Math.max(page, 0), PAGE_SIZE));
    Map<UserId, Instant> lockedUntil = new HashMap<>();
    for (User user : listed.items()) {
      users.lockedUntil(user).ifPresent(until -> lockedUntil.put(user.id(), until));
    }
    model.addAttribute("users", listed);
    model.addAttribute("lockedUntil", lockedUntil);
    model.addAttribute("passwordRules", AccountRules.PASSWORD_HINT);
    model.addAttribute("defaultQuota", users.defaultQuota());
    if (!model.containsAttribute("form")) {
      model.addAttribute("form", new UserRequests.Create("", "", Role.USER, null));
    }
    return "admin/users";
  }

  @PostMapping("/admin/users")
  public String create(
      Caller caller,
      @RequestParam(defaultValue = "") String username,
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "USER") Role role,
      Model model,
      RedirectAttributes redirect) {
    UserRequests.Create form = new UserRequests.Create(username, password, role, null);
    try {
      User user = users.create(caller, form);
      redirect.addFlashAttribute("notice", "User " + user.username() + " created.");
      return "redirect:/admin/users";
    } catch (BdpaasException e) {
      model.addAttribute("form", new UserRequests.Create(username, "", role, null));
      model.addAttribute("createErrors", FormErrors.of(e));
      return list(caller, 0, model);
    }
  }

  @PostMapping("/admin/users/{id}/enabled")
  public String setEnabled(
      Caller caller,
      @PathVariable long id,
      @RequestParam boolean enabled,
      RedirectAttributes redirect) {
    return apply(
        caller,
        id,
        new UserRequests.Update(enabled, null, null, null),
        enabled ? "enabled" : "disabled",
        redirect);
  }

  @PostMapping("/admin/users/{id}/unlock")
  public String unlock(Caller caller, @PathVariable long id, RedirectAttributes redirect) {
    if (id <= 0) {
      throw BdpaasException.notFound("User", id);
    }
    User user = users.unlock(caller, new UserId(id));
    redirect.addFlashAttribute("notice", "User " + user.username() + ": unlocked.");
    return "redirect:/admin/users";
  }

  @PostMapping("/admin/users/{id}/quota")
  public String setQuota(
      Caller caller,
      @PathVariable long id,
      @RequestParam(required = false) Integer cores,
      @RequestParam(required = false) Integer memoryMb,
      @RequestParam(required = false) Integer projects,
      RedirectAttributes redirect) {
    return apply(
        caller,
        id,
        new UserRequests.Update(
            null, null, new UserRequests.QuotaBody(cores, memoryMb, projects), null),
        "quota updated",
        redirect);
  }

  private String apply(
      Caller caller,
      long id,
      UserRequests.Update update,
      String done,
      RedirectAttributes redirect) {
    if (id <= 0) {
      throw BdpaasException.notFound("User", id);
    }
    try {
      User user = users.update(caller, new UserId(id), update);
      redirect.addFlashAttribute("notice", "User " + user.username() + ": " + done + ".");
    } catch (BdpaasException e) {
      redirect.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/admin/users";
  }
}
