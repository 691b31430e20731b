package io.bdpaas.api;

import io.bdpaas.backend.StorageUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import tools.jackson.core.JacksonException;

/**
 * Turns every failure of a REST endpoint into {@code application/problem+json}: the one place where
 * errors meet HTTP. Unexpected exceptions become a 500 with no internals, logged here.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(BdpaasException.class)
  ResponseEntity<ProblemDetail> handle(BdpaasException e, HttpServletRequest request) {
    return ProblemResponses.entity(e.code(), e.getMessage(), e.problems(), request.getRequestURI());
  }

  @ExceptionHandler(StorageUnavailableException.class)
  ResponseEntity<ProblemDetail> handle(StorageUnavailableException e, HttpServletRequest request) {
    return ProblemResponses.entity(
        ErrorCode.STORAGE_UNAVAILABLE, e.getMessage(), List.of(), request.getRequestURI());
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> handle(
      MethodArgumentNotValidException e, HttpServletRequest request) {
    List<Problem> problems = new ArrayList<>();
    for (FieldError error : e.getBindingResult().getFieldErrors()) {
      problems.add(Problem.of(error.getField(), String.valueOf(error.getDefaultMessage())));
    }
    e.getBindingResult()
        .getGlobalErrors()
        .forEach(error -> problems.add(Problem.of("", String.valueOf(error.getDefaultMessage()))));
    problems.sort(Comparator.comparing(Problem::field).thenComparing(Problem::message));
    return invalid(problems, request);
  }

  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<ProblemDetail> handle(
      HandlerMethodValidationException e, HttpServletRequest request) {
    List<Problem> problems = new ArrayList<>();
    e.getParameterValidationResults()
        .forEach(
            result ->
                result
                    .getResolvableErrors()
                    .forEach(
                        error ->
                            problems.add(
                                Problem.of(
                                    String.valueOf(result.getMethodParameter().getParameterName()),
                                    String.valueOf(error.getDefaultMessage())))));
    return invalid(
        problems.isEmpty() ? List.of(Problem.of("", "invalid request")) : problems, request);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> handle(
      MethodArgumentTypeMismatchException e, HttpServletRequest request) {
    var refused = BdpaasException.causeOf(e);
    if (refused.isPresent()) {
      return handle(refused.get(), request);
    }
    String expected =
        e.getRequiredType() == null ? "another type" : describeType(e.getRequiredType());
    return invalid(
        List.of(Problem.of(e.getName(), "must be " + expected + ", got '" + e.getValue() + "'")),
        request);
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ProblemDetail> handle(
      MissingServletRequestParameterException e, HttpServletRequest request) {
    return invalid(List.of(Problem.of(e.getParameterName(), "is required")), request);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> handle(
      HttpMessageNotReadableException e, HttpServletRequest request) {
    if (RequestBodyLimitFilter.isBodyTooLarge(e)) {
      return ProblemResponses.entity(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "Request body is larger than the limit",
          List.of(),
          request.getRequestURI());
    }
    // Request records are bound by RecordBodyConverter, which reports field problems itself; what
    // reaches here is a body that is not JSON at all.
    Throwable cause = e.getCause();
    String message =
        cause instanceof JacksonException jackson
            ? "Malformed JSON: " + jackson.getOriginalMessage()
            : "The request body is missing or is not valid JSON";
    return ProblemResponses.entity(
        ErrorCode.MALFORMED_REQUEST, message, List.of(), request.getRequestURI());
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> handle(
      HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
    return ProblemResponses.entity(
        ErrorCode.METHOD_NOT_ALLOWED,
        e.getMethod() + " is not allowed here; allowed: " + e.getSupportedHttpMethods(),
        List.of(),
        request.getRequestURI());
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> handle(
      HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
    return ProblemResponses.entity(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        "Content-Type "
            + e.getContentType()
            + " is not supported; use "
            + e.getSupportedMediaTypes(),
        List.of(),
        request.getRequestURI());
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> handle(
      HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
    return ProblemResponses.entity(
        ErrorCode.NOT_ACCEPTABLE,
        "Cannot answer with the requested media type; available: " + e.getSupportedMediaTypes(),
        List.of(),
        request.getRequestURI());
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<ProblemDetail> handle(
      MaxUploadSizeExceededException e, HttpServletRequest request) {
    return ProblemResponses.entity(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "Upload is larger than the limit",
        List.of(),
        request.getRequestURI());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> handleUnexpected(Exception e, HttpServletRequest request) {
    log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
    return ProblemResponses.internalError(request.getRequestURI());
  }

  private static ResponseEntity<ProblemDetail> invalid(
      List<Problem> problems, HttpServletRequest request) {
    BdpaasException e = BdpaasException.invalid(problems);
    return ProblemResponses.entity(e.code(), e.getMessage(), problems, request.getRequestURI());
  }

  private static String describeType(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList();
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return "an object";
  }
}
