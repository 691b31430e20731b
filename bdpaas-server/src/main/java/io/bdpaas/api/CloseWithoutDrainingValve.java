package io.bdpaas.api;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Closes the connection after a request whose body was refused ({@link #MARK} set), without reading
 * the rest of the body first. Tomcat otherwise drains an unread body to keep the connection alive,
 * which holds a thread for as long as a slow client trickles it.
 */
final class CloseWithoutDrainingValve extends ValveBase {
  /** Request attribute that asks for the connection to be closed undrained. */
  static final String MARK = CloseWithoutDrainingValve.class.getName();

  CloseWithoutDrainingValve() {
    super(true);
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    getNext().invoke(request, response);
    if (request.getAttribute(MARK) != null) {
      request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
    }
  }
}
