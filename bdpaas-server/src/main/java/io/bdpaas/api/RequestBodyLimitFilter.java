package io.bdpaas.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Refuses request bodies over the configured limit with 413, before they are read when the length
 * is declared, and while reading when it is not (chunked bodies). It covers every path and every
 * content type, multipart included: no multipart body is parsed or spooled to disk.
 *
 * <p>The one exception is a streamed upload ({@link StreamedUploads}): its own, larger limit
 * applies instead. A larger declared length is refused here before reading; the endpoint counts the
 * body as it streams it to disk and refuses it at the same limit.
 */
public final class RequestBodyLimitFilter extends OncePerRequestFilter {
  private final long maxBytes;
  private final StreamedUploads uploads;
  private final ObjectMapper objectMapper;

  public RequestBodyLimitFilter(long maxBytes, StreamedUploads uploads, ObjectMapper objectMapper) {
    this.maxBytes = maxBytes;
    this.uploads = uploads;
    this.objectMapper = objectMapper;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean upload = uploads.matches(request);
    long maxBytes = upload ? uploads.maxBytes() : this.maxBytes;
    if (request.getContentLengthLong() > maxBytes) {
      request.setAttribute(CloseWithoutDrainingValve.MARK, true);
      response.setStatus(ErrorCode.PAYLOAD_TOO_LARGE.httpStatus());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      objectMapper.writeValue(
          response.getOutputStream(),
          ProblemResponses.detail(
              ErrorCode.PAYLOAD_TOO_LARGE,
              "Request body of "
                  + request.getContentLengthLong()
                  + " bytes is over the limit of "
                  + maxBytes
                  + " bytes",
              List.of(),
              request.getRequestURI()));
      return;
    }
    if (upload) {
      chain.doFilter(request, response);
      return;
    }
    chain.doFilter(new LimitedRequest(request, maxBytes), response);
  }

  /** Whether {@code failure} was caused by a body over the limit. */
  static boolean isBodyTooLarge(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BodyTooLargeException) {
        return true;
      }
    }
    return false;
  }

  static final class BodyTooLargeException extends IOException {
    BodyTooLargeException(long maxBytes) {
      super("request body is over the limit of " + maxBytes + " bytes");
    }
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedInputStream(super.getInputStream(), maxBytes);
      }
      return stream;
    }
  }

  private static final class LimitedInputStream extends ServletInputStream {
    private final ServletInputStream delegate;
    private final long maxBytes;
    private long count;

    LimitedInputStream(ServletInputStream delegate, long maxBytes) {
      this.delegate = delegate;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = delegate.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = delegate.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      count += n;
      if (count > maxBytes) {
        throw new BodyTooLargeException(maxBytes);
      }
    }

    @Override
    public boolean isFinished() {
      return delegate.isFinished();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      delegate.setReadListener(listener);
    }
  }
}
