package io.bdpaas.security;

import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** Writes problem+json from filters, which run before the controllers' error handling. */
@Component
public class ProblemWriter {
  private final ObjectMapper objectMapper;

  public ProblemWriter(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  public void write(
      HttpServletRequest request, HttpServletResponse response, ErrorCode code, String message)
      throws IOException {
    response.setStatus(code.httpStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    if (code == ErrorCode.UNAUTHENTICATED) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"bdpaas\"");
    }
    objectMapper.writeValue(
        response.getOutputStream(),
        ProblemResponses.detail(code, message, List.of(), request.getRequestURI()));
  }
}
