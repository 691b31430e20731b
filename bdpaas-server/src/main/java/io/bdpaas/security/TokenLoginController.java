package io.bdpaas.security;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/auth/token}: trade a user name and password for a new API token, so that the
 * CLI and scripts can sign in without the web console.
 */
@RestController
@Tag(name = "API tokens")
public class TokenLoginController {
  private final AuthenticationManager authenticationManager;
  private final ApiTokenService tokens;

  public TokenLoginController(AuthenticationManager authenticationManager, ApiTokenService tokens) {
    this.authenticationManager = authenticationManager;
    this.tokens = tokens;
  }

  /** Credentials and the new token's name. */
  public record TokenLoginRequest(
      String username, String password, String tokenName, Integer expiresInDays) {}

  @PostMapping(
      path = "/api/v1/auth/token",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Sign in with a password and get a new API token")
  public ApiTokenController.CreatedTokenView login(
      @RequestBody TokenLoginRequest request, HttpServletRequest servletRequest) {
    List<Problem> problems = new ArrayList<>();
    if (request.username() == null || request.username().isEmpty()) {
      problems.add(Problem.of("username", "is required"));
    }
    if (request.password() == null || request.password().isEmpty()) {
      problems.add(Problem.of("password", "is required"));
    }
    BdpaasException.throwIfAny(problems);
    Authentication authentication;
    try {
      UsernamePasswordAuthenticationToken credentials =
          UsernamePasswordAuthenticationToken.unauthenticated(
              request.username(), request.password());
      // The client's address, so that failed guesses lock out that address only.
      credentials.setDetails(new WebAuthenticationDetails(servletRequest));
      authentication = authenticationManager.authenticate(credentials);
    } catch (AuthenticationException e) {
      throw new BdpaasException(
          ErrorCode.UNAUTHENTICATED,
          "Wrong user name or password, or the account is disabled, or sign-ins from this"
              + " address are locked for a while after too many failures");
    }
    AccountPrincipal principal = (AccountPrincipal) authentication.getPrincipal();
    String name = request.tokenName() == null ? "cli" : request.tokenName();
    // A password trades for a token that expires, as a console-made token does by default: a
    // forgotten script's token does not stay valid for ever.
    int expiresInDays =
        request.expiresInDays() == null ? tokens.defaultExpiryDays() : request.expiresInDays();
    ApiTokenService.CreatedToken created = tokens.create(principal.caller(), name, expiresInDays);
    return new ApiTokenController.CreatedTokenView(
        ApiTokenController.TokenView.of(created.token()), created.secret());
  }
}
