package io.bdpaas.console;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.tenancy.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
  public ModelAndView handle(BdpaasException e, Optional<Caller> me) {
    return page(
        e.code(),
        e.code() == ErrorCode.NOT_FOUND ? "Not found" : e.code().title(),
        e.getMessage(),
        me);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  public ModelAndView handle(MethodArgumentTypeMismatchException e, Optional<Caller> me) {
    var refused = BdpaasException.causeOf(e);
    if (refused.isPresent()) {
      return handle(refused.get(), me);
    }
    return page(
        ErrorCode.VALIDATION_FAILED,
        "Bad request",
        "The address has an invalid value for " + e.getName() + ".",
        me);
  }

  @ExceptionHandler(Exception.class)
  public ModelAndView handle(Exception e, HttpServletRequest request, Optional<Caller> me)
      throws Exception {
    if (e instanceof ErrorResponse
        || e instanceof AccessDeniedException
        || e instanceof AuthenticationException) {
      throw e; // framework errors with their own status, and security's, are answered elsewhere
    }
    log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
    return page(
        ErrorCode.INTERNAL_ERROR,
        "Something went wrong",
        "An internal error occurred; the server log has the details.",
        me);
  }

  /**
   * The error page, with the signed-in user for the navigation bar: the model attributes of {@link
   * ConsoleModelAdvice} do not reach a view made by an exception handler.
   */
  private static ModelAndView page(
      ErrorCode code, String title, String message, Optional<Caller> me) {
    Map<String, Object> model = new HashMap<>();
    model.put("status", code.httpStatus());
    model.put("title", title);
    model.put("message", message);
    me.ifPresent(caller -> model.put("me", caller));
    ModelAndView view = new ModelAndView("error", model);
    view.setStatus(HttpStatusCode.valueOf(code.httpStatus()));
    return view;
  }
}
