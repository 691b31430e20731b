package io.bdpaas.account;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** User management for administrators: {@code /api/v1/admin/users}. */
@RestController
@RequestMapping(path = "/api/v1/admin/users", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Admin: users", description = "Create, disable and re-enable users; set quotas")
public class AdminUserController {
  private final UserService users;

  public AdminUserController(UserService users) {
    this.users = users;
  }

  @GetMapping
  @Operation(summary = "List users")
  public Page<UserView> list(
      Caller caller,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    return users.list(caller, new PageRequest(page, size)).map(this::view);
  }

  @GetMapping("/{id}")
  @Operation(summary = "Get a user")
  public UserView get(Caller caller, @PathVariable long id) {
    return view(users.get(caller, userId(id)));
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create a user")
  public ResponseEntity<UserView> create(Caller caller, @RequestBody UserRequests.Create request) {
    UserView created = view(users.create(caller, request));
    return ResponseEntity.created(
            UriComponentsBuilder.fromPath("/api/v1/admin/users/{id}")
                .buildAndExpand(created.id())
                .toUri())
        .body(created);
  }

  @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Change a user: enable or disable, role, quota, password reset")
  public UserView update(
      Caller caller, @PathVariable long id, @RequestBody UserRequests.Update request) {
    return view(users.update(caller, userId(id), request));
  }

  @PostMapping("/{id}/unlock")
  @Operation(summary = "Lift the sign-in lock that repeated failed sign-ins put on a user")
  public UserView unlock(Caller caller, @PathVariable long id) {
    return view(users.unlock(caller, userId(id)));
  }

  private UserView view(User user) {
    return UserView.of(user, users.lockedUntil(user));
  }

  private static UserId userId(long id) {
    if (id <= 0) {
      throw BdpaasException.notFound("User", id);
    }
    return new UserId(id);
  }
}
