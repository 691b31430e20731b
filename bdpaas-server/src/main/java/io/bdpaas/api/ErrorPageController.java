package io.bdpaas.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers errors raised outside the controllers (unknown routes, container errors): problem+json
 * for the API, a console page for people.
 */
@Controller
public class ErrorPageController implements ErrorController {

  @RequestMapping(value = "/error", produces = MediaType.TEXT_HTML_VALUE)
  public Object page(HttpServletRequest request, HttpServletResponse response) {
    if (isApi(request)) {
      return problem(request, response);
    }
    if (response.isCommitted()) {
      return null; // see problem()
    }
    int status = status(request);
    ErrorCode code = ErrorCode.forStatus(status);
    ModelAndView view =
        new ModelAndView(
            "error",
            Map.of(
                "status",
                status,
                "title",
                status == 404 ? "Page not found" : code.title(),
                "message",
                switch (status) {
                  case 404 -> "There is nothing at this address.";
                  case 403 -> "You do not have permission to see this page.";
                  default ->
                      status >= 500
                          ? "Something went wrong. Try again, or go back to the projects."
                          : code.title() + ". Go back to the projects and try again.";
                }));
    view.setStatus(HttpStatusCode.valueOf(status));
    return view;
  }

  /**
   * The problem, unless an answer was already sent: the container calls this page after a request
   * whose connection is closed undrained (a refused upload), or after a failure in the middle of an
   * answer, and a document appended to it would only corrupt it.
   */
  @RequestMapping("/error")
  public ResponseEntity<ProblemDetail> problem(
      HttpServletRequest request, HttpServletResponse response) {
    if (response.isCommitted()) {
      return null;
    }
    int status = status(request);
    ErrorCode code = ErrorCode.forStatus(status);
    String uri = requestUri(request);
    String message =
        switch (code) {
          case ROUTE_NOT_FOUND -> "No endpoint " + uri;
          case INTERNAL_ERROR -> "An internal error occurred; the server log has the details";
          default -> code.title();
        };
    return ProblemResponses.entity(code, message, List.of(), uri);
  }

  private static boolean isApi(HttpServletRequest request) {
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    return uri instanceof String path && path.startsWith("/api/");
  }

  /**
   * The status of the error being answered. A request for {@code /error} itself carries none: there
   * is nothing at that address, so it is a 404, not a server error.
   */
  private static int status(HttpServletRequest request) {
    Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    return status instanceof Integer value ? value : 404;
  }

  private static String requestUri(HttpServletRequest request) {
    return request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri
        ? uri
        : request.getRequestURI();
  }
}
