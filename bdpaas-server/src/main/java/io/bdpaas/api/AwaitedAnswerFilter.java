package io.bdpaas.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The outermost filter: marks the end of a request's first pass through the filters, after which an
 * {@link AwaitedAnswer} started on it may be written from another thread. Registered for the
 * request dispatch only, before every other filter ({@link ApiWebConfiguration}).
 */
public final class AwaitedAnswerFilter extends HttpFilter {
  static final String PASS = AwaitedAnswerFilter.class.getName() + ".pass";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Pass pass = new Pass();
    request.setAttribute(PASS, pass);
    try {
      chain.doFilter(request, response);
    } finally {
      request.removeAttribute(PASS);
      pass.ended();
    }
  }

  /** A request's first pass, and the answer started on it, if any (only its own thread sees it). */
  static final class Pass {
    private AwaitedAnswer answer;

    void await(AwaitedAnswer started) {
      if (answer != null) {
        throw new IllegalStateException("a request has one awaited answer");
      }
      answer = started;
    }

    private void ended() {
      if (answer != null) {
        answer.firstPassEnded();
      }
    }
  }
}
