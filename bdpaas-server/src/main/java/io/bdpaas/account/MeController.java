package io.bdpaas.account;

import io.bdpaas.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own account: {@code /api/v1/me}. */
@RestController
@RequestMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Account", description = "The signed-in user's own account")
public class MeController {
  private final UserService users;

  public MeController(UserService users) {
    this.users = users;
  }

  @GetMapping
  @Operation(summary = "Who am I")
  public UserView me(Caller caller) {
    return UserView.of(users.get(caller, caller.id()));
  }

  @PostMapping(path = "/password", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Change my password")
  public void changePassword(Caller caller, @RequestBody UserRequests.ChangePassword request) {
    users.changeOwnPassword(caller, request);
  }
}
