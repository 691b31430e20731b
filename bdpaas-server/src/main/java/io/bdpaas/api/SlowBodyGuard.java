package io.bdpaas.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps slow clients from holding the server's threads. A request body is read in full before the
 * request goes on, within a deadline however it trickles in (408 otherwise), and only so many
 * bodies are read at once (503 with {@code Retry-After} beyond that), so that clients trickling
 * bodies a byte a second can hold a bounded number of threads for a bounded time, and health, page
 * views and other users stay served. Both answers close the connection without draining the rest of
 * the body.
 *
 * <p>Bodies declared larger than the body limit pass untouched, for {@link RequestBodyLimitFilter}
 * to refuse before reading; bodies of unknown length are read up to the limit.
 *
 * <p>Streamed uploads ({@link StreamedUploads}) are not buffered: they pass as a stream that fails
 * once it falls behind the uploads' minimum rate, only so many at once (503 beyond that), and a
 * connection whose upload was not read to its end is closed without draining it.
 */
public final class SlowBodyGuard extends OncePerRequestFilter {
  private static final long MAX_DRAINED_BYTES = 64 * 1024;

  private final Semaphore readers;
  private final Duration deadline;
  private final long maxBytes;
  private final StreamedUploads uploads;
  private final ObjectMapper objectMapper;

  public SlowBodyGuard(
      int maxConcurrentBodies,
      Duration deadline,
      long maxBytes,
      StreamedUploads uploads,
      ObjectMapper objectMapper) {
    this.readers = new Semaphore(maxConcurrentBodies);
    this.deadline = deadline;
    this.maxBytes = maxBytes;
    this.uploads = uploads;
    this.objectMapper = objectMapper;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    if (uploads.matches(request)) {
      return false;
    }
    long length = request.getContentLengthLong();
    boolean unknownLength = length < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    return !(unknownLength || (length > 0 && length <= maxBytes));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (uploads.matches(request)) {
      receiveUpload(request, response, chain);
      return;
    }
    if (!readers.tryAcquire()) {
      response.setHeader(HttpHeaders.RETRY_AFTER, "1");
      refuse(
          request,
          response,
          ErrorCode.SERVER_BUSY,
          "The server is reading as many request bodies as it may at once; retry in a second");
      return;
    }
    byte[] body;
    try {
      body = readWithin(request.getInputStream());
    } catch (TooSlowException | IOException e) {
      if (!RequestBodyLimitFilter.isBodyTooLarge(e)) {
        // Too slow, or silent for longer than the connection timeout.
        refuse(
            request,
            response,
            ErrorCode.REQUEST_TIMEOUT,
            "The request body did not arrive within " + deadline.toSeconds() + " s");
        return;
      }
      body = null;
    } finally {
      readers.release();
    }
    if (body == null) {
      refuse(
          request,
          response,
          ErrorCode.PAYLOAD_TOO_LARGE,
          "Request body is over the limit of " + maxBytes + " bytes");
      return;
    }
    chain.doFilter(new BufferedBodyRequest(request, body), response);
  }

  private void receiveUpload(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!uploads.tryAcquire()) {
      response.setHeader(HttpHeaders.RETRY_AFTER, "5");
      refuse(
          request,
          response,
          ErrorCode.SERVER_BUSY,
          "The server is receiving as many uploads as it may at once; retry in a few seconds");
      return;
    }
    try {
      StreamedUploads.RateGuardedRequest guarded = uploads.guard(request);
      chain.doFilter(guarded, response);
      // Refused (not signed in, a bad name, too large, too slow): a small rest is read at the
      // upload's rate so that the connection can serve the client's next request; a larger one
      // is never read. The answer is complete, so it is closed first; the container would
      // otherwise treat the undrained connection as an error and add its error page to it.
      if (!guarded.bodyFullyRead() && !guarded.drain(MAX_DRAINED_BYTES)) {
        close(response);
        request.setAttribute(CloseWithoutDrainingValve.MARK, true);
      }
    } finally {
      uploads.release();
    }
  }

  private static void close(HttpServletResponse response) throws IOException {
    try {
      response.getOutputStream().close();
    } catch (IllegalStateException writerInUse) {
      response.getWriter().close();
    }
  }

  /** The whole body, or null when it is over the limit. */
  private byte[] readWithin(InputStream in) throws IOException, TooSlowException {
    long end = System.nanoTime() + deadline.toNanos();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    // Each read waits at most the connection timeout; a body that keeps trickling is stopped by
    // the deadline between reads.
    while ((n = in.read(buffer)) >= 0) {
      body.write(buffer, 0, n);
      if (body.size() > maxBytes) {
        return null;
      }
      if (System.nanoTime() > end) {
        throw new TooSlowException();
      }
    }
    return body.toByteArray();
  }

  private void refuse(
      HttpServletRequest request, HttpServletResponse response, ErrorCode code, String message)
      throws IOException {
    request.setAttribute(CloseWithoutDrainingValve.MARK, true);
    response.setStatus(code.httpStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    objectMapper.writeValue(
        response.getOutputStream(),
        ProblemResponses.detail(code, message, List.of(), request.getRequestURI()));
  }

  private static final class TooSlowException extends Exception {
    TooSlowException() {
      super(null, null, false, false);
    }
  }

  /** The request with its body already read: streams, readers and form parameters serve it. */
  private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;
    private Map<String, String[]> parameters;

    BufferedBodyRequest(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the body is already read");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), charset()));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public String getParameter(String name) {
      String[] values = parameters().get(name);
      return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      return Collections.unmodifiableMap(parameters());
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
      return parameters().get(name);
    }

    /** The query's parameters and, for a form post, the body's: what the container would give. */
    private Map<String, String[]> parameters() {
      if (parameters == null) {
        Map<String, String[]> all = new LinkedHashMap<>(super.getParameterMap());
        String type = getContentType();
        if (type != null && type.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
          Map<String, List<String>> form = new LinkedHashMap<>();
          for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
            if (pair.isEmpty()) {
              continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            form.computeIfAbsent(name, any -> new ArrayList<>()).add(value);
          }
          form.forEach(
              (name, values) -> {
                List<String> merged =
                    new ArrayList<>(List.of(all.getOrDefault(name, new String[0])));
                merged.addAll(values);
                all.put(name, merged.toArray(String[]::new));
              });
        }
        parameters = all;
      }
      return parameters;
    }

    private String decode(String text) {
      return URLDecoder.decode(text, charset());
    }

    private Charset charset() {
      String encoding = getCharacterEncoding();
      try {
        return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      } catch (RuntimeException e) {
        return StandardCharsets.UTF_8;
      }
    }
  }
}
