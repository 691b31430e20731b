package io.bdpaas.api;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The one kind of request whose body goes to its endpoint as a stream instead of being buffered:
 * the upload of a project's file or application package, {@code PUT
 * /api/v1/projects/{id}/files/{name}} and {@code PUT /api/v1/projects/{id}/packages/{file}}. {@link
 * SlowBodyGuard} and {@link RequestBodyLimitFilter} leave exactly these requests to the rules here:
 * their own size limit (a larger declared length is refused before reading; the endpoint counts the
 * rest), a bound on how many are received at once, and a minimum average rate once the body had the
 * body-read timeout to start, so that a slow client holds a thread for a bounded time. A failure to
 * read such a body reaches the endpoint as an {@link IOException}; {@link #readFailure} names it
 * for the client.
 */
public final class StreamedUploads {
  private static final Pattern PATH =
      Pattern.compile("/api/v1/projects/[^/]+/(files|packages)/[^/]+");

  private final long maxBytes;
  private final long minBytesPerSecond;
  private final Duration grace;
  private final Semaphore receivers;
  private final LongSupplier nanoClock;

  /**
   * @param maxBytes the largest upload
   * @param minBytesPerSecond the slowest average rate once {@code grace} has passed
   * @param grace how long an upload may take to get going
   * @param maxConcurrent how many uploads are received at once
   */
  public StreamedUploads(long maxBytes, long minBytesPerSecond, Duration grace, int maxConcurrent) {
    this(maxBytes, minBytesPerSecond, grace, maxConcurrent, System::nanoTime);
  }

  StreamedUploads(
      long maxBytes,
      long minBytesPerSecond,
      Duration grace,
      int maxConcurrent,
      LongSupplier nanoClock) {
    if (maxBytes < 0 || minBytesPerSecond < 1 || maxConcurrent < 1) {
      throw new IllegalArgumentException(
          "limits must be positive: %d bytes, %d bytes/s, %d at once"
              .formatted(maxBytes, minBytesPerSecond, maxConcurrent));
    }
    this.maxBytes = maxBytes;
    this.minBytesPerSecond = minBytesPerSecond;
    this.grace = requireNonNull(grace, "grace is null");
    this.receivers = new Semaphore(maxConcurrent);
    this.nanoClock = requireNonNull(nanoClock, "nanoClock is null");
  }

  /** Whether the request is a streamed upload. */
  public boolean matches(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return "PUT".equals(request.getMethod()) && PATH.matcher(path).matches();
  }

  /** The largest upload, in bytes. */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * What the client is told when the upload's body could not be read: too slow (408), or broken off
   * (400).
   */
  public static BdpaasException readFailure(IOException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TooSlowException tooSlow) {
        return new BdpaasException(ErrorCode.REQUEST_TIMEOUT, tooSlow.getMessage());
      }
    }
    return new BdpaasException(
        ErrorCode.MALFORMED_REQUEST,
        "The upload broke off before its end: " + failure.getClass().getSimpleName());
  }

  boolean tryAcquire() {
    return receivers.tryAcquire();
  }

  void release() {
    receivers.release();
  }

  /** The request with its body read under the minimum rate. */
  RateGuardedRequest guard(HttpServletRequest request) {
    return new RateGuardedRequest(request);
  }

  /** An upload whose body arrives slower than the minimum rate. */
  static final class TooSlowException extends IOException {
    TooSlowException(String message) {
      super(message);
    }
  }

  /** A request whose body fails with {@link TooSlowException} once it falls behind the rate. */
  final class RateGuardedRequest extends HttpServletRequestWrapper {
    private final long start = nanoClock.getAsLong();
    private RateGuardedStream stream;

    RateGuardedRequest(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new RateGuardedStream(super.getInputStream(), start);
      }
      return stream;
    }

    /**
     * Reads and drops what is left of the body, under the minimum rate, unless it is declared
     * longer than {@code maxBytes}; whether it ended within {@code maxBytes}.
     */
    boolean drain(long maxBytes) {
      if (getContentLengthLong() > maxBytes) {
        return false;
      }
      try {
        InputStream body = getInputStream();
        byte[] buffer = new byte[8192];
        for (long left = maxBytes; left >= 0; ) {
          int n = body.read(buffer, 0, (int) Math.min(buffer.length, left + 1));
          if (n < 0) {
            return true;
          }
          left -= n;
        }
        return false;
      } catch (IOException e) {
        return false;
      }
    }

    /** Whether the whole body was read (or there was none). */
    boolean bodyFullyRead() {
      return stream == null ? getContentLengthLong() == 0 : stream.ended;
    }
  }

  private final class RateGuardedStream extends ServletInputStream {
    private final ServletInputStream delegate;
    private final long start;
    private long received;
    private boolean ended;

    RateGuardedStream(ServletInputStream delegate, long start) {
      this.delegate = delegate;
      this.start = start;
    }

    @Override
    public int read() throws IOException {
      int b = delegate.read();
      account(b < 0 ? -1 : 1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = delegate.read(buffer, offset, length);
      account(n);
      return n;
    }

    /**
     * Each read waits at most the connection timeout; a body that keeps trickling is stopped here.
     */
    private void account(int n) throws TooSlowException {
      if (n < 0) {
        ended = true;
        return;
      }
      received += n;
      long beyondGrace = nanoClock.getAsLong() - start - grace.toNanos();
      if (beyondGrace > 0 && received < minBytesPerSecond * (beyondGrace / 1_000_000_000.0)) {
        throw new TooSlowException(
            "The upload arrived slower than "
                + minBytesPerSecond
                + " bytes per second (after its first "
                + grace.toSeconds()
                + " s); send it faster");
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
