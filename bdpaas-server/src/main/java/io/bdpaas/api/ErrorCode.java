package io.bdpaas.api;

/**
 * Stable error codes of the API. Clients may rely on the names; they never change meaning. Each
 * appears as {@code code} in a problem+json response.
 */
public enum ErrorCode {
  VALIDATION_FAILED(ErrorCategory.BAD_REQUEST, "The request has invalid values"),
  MALFORMED_REQUEST(ErrorCategory.BAD_REQUEST, "The request body could not be read"),
  UNAUTHENTICATED(ErrorCategory.UNAUTHENTICATED, "Authentication is required"),
  ACCESS_DENIED(ErrorCategory.FORBIDDEN, "Access denied"),
  NOT_FOUND(ErrorCategory.NOT_FOUND, "Not found"),
  ROUTE_NOT_FOUND(ErrorCategory.NOT_FOUND, "No such endpoint"),
  METHOD_NOT_ALLOWED(ErrorCategory.METHOD_NOT_ALLOWED, "Method not allowed"),
  NOT_ACCEPTABLE(ErrorCategory.NOT_ACCEPTABLE, "Not acceptable"),
  ALREADY_EXISTS(ErrorCategory.CONFLICT, "Already exists"),
  CONFLICT(ErrorCategory.CONFLICT, "Conflict"),
  PAYLOAD_TOO_LARGE(ErrorCategory.PAYLOAD_TOO_LARGE, "Request body too large"),
  UNSUPPORTED_MEDIA_TYPE(ErrorCategory.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
  QUOTA_EXCEEDED(ErrorCategory.INSUFFICIENT_RESOURCES, "Quota exceeded"),
  INSUFFICIENT_RESOURCES(
      ErrorCategory.INSUFFICIENT_RESOURCES, "Not enough resources within capacity or quota"),
  TOO_MANY_REQUESTS(ErrorCategory.TOO_MANY_REQUESTS, "Too many requests"),
  REQUEST_TIMEOUT(ErrorCategory.REQUEST_TIMEOUT, "The request body came too slowly"),
  SERVER_BUSY(ErrorCategory.SERVICE_UNAVAILABLE, "The server is busy; retry shortly"),
  ENGINE_UNREACHABLE(ErrorCategory.BAD_GATEWAY, "The engine did not answer"),
  STORAGE_UNAVAILABLE(
      ErrorCategory.SERVICE_UNAVAILABLE,
      "The project's storage cannot be reached now; retry shortly"),
  NOT_AVAILABLE_ON_THIS_BACKEND(
      ErrorCategory.NOT_IMPLEMENTED, "Not available where this platform runs its clusters"),
  INTERNAL_ERROR(ErrorCategory.INTERNAL, "Internal error");

  private final ErrorCategory category;
  private final String title;

  ErrorCode(ErrorCategory category, String title) {
    this.category = category;
    this.title = title;
  }

  public ErrorCategory category() {
    return category;
  }

  public String title() {
    return title;
  }

  public int httpStatus() {
    return category.httpStatus();
  }

  /** The code that stands for a bare HTTP status, for errors raised outside our handlers. */
  public static ErrorCode forStatus(int status) {
    return switch (status) {
      case 400 -> MALFORMED_REQUEST;
      case 401 -> UNAUTHENTICATED;
      case 403 -> ACCESS_DENIED;
      case 404 -> ROUTE_NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 406 -> NOT_ACCEPTABLE;
      case 408 -> REQUEST_TIMEOUT;
      case 409 -> CONFLICT;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 429 -> TOO_MANY_REQUESTS;
      case 503 -> SERVER_BUSY;
      default -> status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
    };
  }
}
