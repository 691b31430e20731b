package io.bdpaas.security;

import io.bdpaas.account.UserRequests;
import io.bdpaas.account.UserService;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.PageRequest;
import io.bdpaas.console.FormErrors;
import io.bdpaas.tenancy.AccountRules;
import io.bdpaas.tenancy.Caller;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's Account page: the user's details, password and API tokens. It lives beside the
 * token service because it manages the caller's credentials; {@code account} knows nothing of
 * security.
 */
@Controller
public class AccountPageController {
  private final UserService users;
  private final ApiTokenService tokens;

  public AccountPageController(UserService users, ApiTokenService tokens) {
    this.users = users;
    this.tokens = tokens;
  }

  @GetMapping("/account")
  public String account(Caller caller, @RequestParam(defaultValue = "0") int page, Model model) {
    model.addAttribute("user", users.get(caller, caller.id()));
    model.addAttribute("tokens", tokens.listOwn(caller, new PageRequest(Math.max(page, 0), 20)));
    model.addAttribute("passwordRules", AccountRules.PASSWORD_HINT);
    return "account";
  }

  @PostMapping("/account/tokens")
  public String createToken(
      Caller caller,
      @RequestParam(defaultValue = "") String name,
      @RequestParam(required = false) Integer expiresInDays,
      Model model,
      RedirectAttributes redirect) {
    try {
      ApiTokenService.CreatedToken created = tokens.create(caller, name, expiresInDays);
      redirect.addFlashAttribute("createdToken", created);
      return "redirect:/account";
    } catch (BdpaasException e) {
      model.addAttribute("tokenErrors", FormErrors.of(e));
      model.addAttribute("tokenName", name);
      return account(caller, 0, model);
    }
  }

  @PostMapping("/account/tokens/{id}/revoke")
  public String revokeToken(Caller caller, @PathVariable long id, RedirectAttributes redirect) {
    tokens.revoke(caller, id);
    redirect.addFlashAttribute("notice", "Token revoked.");
    return "redirect:/account";
  }

  @PostMapping("/account/password")
  public String changePassword(
      Caller caller,
      @RequestParam(defaultValue = "") String currentPassword,
      @RequestParam(defaultValue = "") String newPassword,
      Model model,
      RedirectAttributes redirect) {
    try {
      users.changeOwnPassword(
          caller, new UserRequests.ChangePassword(currentPassword, newPassword));
      redirect.addFlashAttribute("notice", "Password changed.");
      return "redirect:/account";
    } catch (BdpaasException e) {
      model.addAttribute("passwordErrors", FormErrors.of(e));
      return account(caller, 0, model);
    }
  }
}
