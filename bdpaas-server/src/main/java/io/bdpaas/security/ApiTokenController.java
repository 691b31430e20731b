package io.bdpaas.security;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's API tokens: {@code /api/v1/tokens}. */
@RestController
@RequestMapping(path = "/api/v1/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(
    name = "API tokens",
    description = "Tokens for the REST API and the CLI (Authorization: Bearer)")
public class ApiTokenController {
  private final ApiTokenService tokens;

  public ApiTokenController(ApiTokenService tokens) {
    this.tokens = tokens;
  }

  /** Body of a token creation. */
  public record CreateTokenRequest(String name, Integer expiresInDays) {}

  /** A token as listed: never its secret. */
  public record TokenView(
      long id,
      String name,
      String prefix,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsedAt) {
    static TokenView of(ApiToken token) {
      return new TokenView(
          token.id(),
          token.name(),
          token.prefix(),
          token.createdAt(),
          token.expiresAt(),
          token.lastUsedAt());
    }
  }

  /** A token just created, with its secret, which is shown this once only. */
  public record CreatedTokenView(TokenView token, String secret) {}

  @GetMapping
  @Operation(summary = "List my tokens")
  public Page<TokenView> list(
      Caller caller,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    return tokens.listOwn(caller, new PageRequest(page, size)).map(TokenView::of);
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create a token; the answer holds its secret, shown only once")
  public CreatedTokenView create(Caller caller, @RequestBody CreateTokenRequest request) {
    ApiTokenService.CreatedToken created =
        tokens.create(caller, request.name(), request.expiresInDays());
    return new CreatedTokenView(TokenView.of(created.token()), created.secret());
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Revoke a token")
  public void revoke(Caller caller, @PathVariable long id) {
    tokens.revoke(caller, id);
  }
}
