package io.bdpaas.console;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures of console pages become a readable error page. REST controllers are answered by the
 * API's handler, which runs first.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
public class ConsoleExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ConsoleExceptionHandler.class);

  @ExceptionHandler(BdpaasException.class)
  public ModelAndView handle(BdpaasException e) {
    return page(
        e.code(), e.code() == ErrorCode.NOT_FOUND ? "Not found" : e.code().title(), e.getMessage());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  public ModelAndView handle(MethodArgumentTypeMismatchException e) {
    var refused = BdpaasException.causeOf(e);
    if (refused.isPresent()) {
      return handle(refused.get());
    }
    return page(
        ErrorCode.VALIDATION_FAILED,
        "Bad request",
        "The address has an invalid value for " + e.getName() + ".");
  }

  @ExceptionHandler(Exception.class)
  public ModelAndView handle(Exception e, HttpServletRequest request) throws Exception {
    if (e instanceof ErrorResponse
        || e instanceof AccessDeniedException
        || e instanceof AuthenticationException) {
      throw e; // framework errors with their own status, and security's, are answered elsewhere
    }
    log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
    return page(
        ErrorCode.INTERNAL_ERROR,
        "Something went wrong",
        "An internal error occurred; the server log has the details.");
  }

  private static ModelAndView page(ErrorCode code, String title, String message) {
    ModelAndView view =
        new ModelAndView(
            "error", Map.of("status", code.httpStatus(), "title", title, "message", message));
    view.setStatus(HttpStatusCode.valueOf(code.httpStatus()));
    return view;
  }
}
