package io.bdpaas.api;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds the API's problem+json bodies: RFC 9457 fields plus {@code code} and {@code problems}. */
public final class ProblemResponses {
  public static final String TYPE_BASE = "https://bdpaas.io/problems/";

  private ProblemResponses() {}

  public static ProblemDetail detail(
      ErrorCode code, String message, List<Problem> problems, String instance) {
    ProblemDetail detail = ProblemDetail.forStatus(HttpStatusCode.valueOf(code.httpStatus()));
    detail.setType(URI.create(TYPE_BASE + code.name().toLowerCase(Locale.ROOT)));
    detail.setTitle(code.title());
    detail.setDetail(message);
    if (instance != null) {
      detail.setInstance(URI.create(instance));
    }
    detail.setProperty("code", code.name());
    detail.setProperty("problems", problems);
    return detail;
  }

  /** 500 for a failure the server did not expect: its details go to the log, never the client. */
  public static ResponseEntity<ProblemDetail> internalError(String instance) {
    return entity(
        ErrorCode.INTERNAL_ERROR,
        "An internal error occurred; the server log has the details",
        List.of(),
        instance);
  }

  public static ResponseEntity<ProblemDetail> entity(
      ErrorCode code, String message, List<Problem> problems, String instance) {
    return ResponseEntity.status(code.httpStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(detail(code, message, problems, instance));
  }
}
