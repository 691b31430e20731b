package io.bdpaas.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.account.Quota;
import io.bdpaas.account.User;
import io.bdpaas.console.ConsoleModelAdvice;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.Role;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Controllers and the console's layout get the caller from the authentication. Runs the resolver in
 * Spring MVC's standalone mode, without an application context or a server.
 */
class CallerArgumentResolverTest {
  private final MockMvcTester mvc =
      MockMvcTester.of(
          List.of(new PageController()),
          builder ->
              builder
                  .setControllerAdvice(
                      new ConsoleModelAdvice(
                          new io.bdpaas.backend.testing.TestingClusterBackend(
                              new io.bdpaas.backend.NodeEventRelay())))
                  .setCustomArgumentResolvers(new CallerArgumentResolver())
                  .build());

  @AfterEach
  void signOut() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void consolePagesShowTheSignedInCaller() {
    Caller alice = signIn("alice");

    assertThat(mvc.get().uri("/page")).hasStatusOk().model().containsEntry("me", alice);
  }

  @Test
  void consolePagesWithoutSignInShowNobody() {
    assertThat(mvc.get().uri("/page")).hasStatusOk().model().containsEntry("me", null);
  }

  @Test
  void controllersTakingACallerGetTheSignedInOne() {
    Caller alice = signIn("alice");

    assertThat(mvc.get().uri("/whoami")).hasStatusOk().model().containsEntry("caller", alice);
  }

  private static Caller signIn(String username) {
    Instant now = Instant.now();
    User user =
        new User(
            new UserId(7),
            username,
            "{noop}unused",
            Role.USER,
            true,
            0,
            new Quota(1, 1024, 1),
            now,
            now);
    AccountPrincipal principal = new AccountPrincipal(user);
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                principal, null, principal.getAuthorities()));
    return user.asCaller();
  }

  @Controller
  static class PageController {
    @GetMapping("/page")
    String page() {
      return "console-page";
    }

    @GetMapping("/whoami")
    String whoami(Caller caller, Model model) {
      model.addAttribute("caller", caller);
      return "console-page";
    }
  }
}
