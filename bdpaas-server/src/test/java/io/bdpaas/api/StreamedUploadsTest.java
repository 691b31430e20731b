package io.bdpaas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class StreamedUploadsTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong();
  private final StreamedUploads uploads =
      new StreamedUploads(1_000_000, 1000, Duration.ofSeconds(10), 2, now::get);

  @Test
  void onlyAPutOfAProjectsFileIsAStreamedUpload() {
    assertThat(uploads.matches(request("PUT", "/api/v1/projects/p-abcdefgh/files/a.csv"))).isTrue();
    assertThat(uploads.matches(request("POST", "/api/v1/projects/p-abcdefgh/files/a.csv")))
        .isFalse();
    assertThat(uploads.matches(request("PUT", "/api/v1/projects/p-abcdefgh/files"))).isFalse();
    assertThat(uploads.matches(request("PUT", "/api/v1/projects/p-abcdefgh/files/a/b.csv")))
        .isFalse();
    assertThat(uploads.matches(request("PUT", "/api/v1/products/spark/4.2.0/template"))).isFalse();
    assertThat(uploads.matches(request("PUT", "/api/v1/projects/p-abcdefgh/files/a.csv/")))
        .isFalse();
  }

  @Test
  void aBodyMayStartSlowlyButMustThenKeepTheMinimumAverageRate() throws IOException {
    ServletInputStream body =
        uploads
            .guard(request("PUT", "/api/v1/projects/p-abcdefgh/files/a.csv", endlessBody()))
            .getInputStream();
    byte[] buffer = new byte[500];

    now.set(9 * SECOND); // within the grace period: no rate yet
    assertThat(body.read(buffer)).isEqualTo(500);
    now.set(10 * SECOND + SECOND / 2); // half a second in: 500 bytes is the rate
    assertThat(body.read(buffer, 0, 10)).isEqualTo(10);
    now.set(12 * SECOND); // two seconds in: 510 bytes of 2000

    assertThatThrownBy(() -> body.read(buffer, 0, 10))
        .isInstanceOf(StreamedUploads.TooSlowException.class)
        .hasMessageContaining("slower than 1000 bytes per second");
    assertThat(
            StreamedUploads.readFailure(new IOException(new StreamedUploads.TooSlowException("x")))
                .code())
        .isEqualTo(ErrorCode.REQUEST_TIMEOUT);
    assertThat(StreamedUploads.readFailure(new IOException("reset")).code())
        .isEqualTo(ErrorCode.MALFORMED_REQUEST);
  }

  @Test
  void aSmallRestOfARefusedBodyIsDrainedAndALargeOneIsNot() {
    MockHttpServletRequest small = new MockHttpServletRequest("PUT", "/api/v1/projects/p/files/a");
    small.setContent(new byte[100]);
    assertThat(uploads.guard(small).drain(1000)).isTrue();

    assertThat(uploads.guard(request("PUT", "/x", endlessBody())).drain(1000)).isFalse();

    MockHttpServletRequest declared = new MockHttpServletRequest("PUT", "/x");
    declared.setContent(new byte[2000]);
    assertThat(uploads.guard(declared).drain(1000)).isFalse();
  }

  @Test
  void onlySoManyUploadsAreReceivedAtOnce() {
    assertThat(uploads.tryAcquire()).isTrue();
    assertThat(uploads.tryAcquire()).isTrue();
    assertThat(uploads.tryAcquire()).isFalse();
    uploads.release();
    assertThat(uploads.tryAcquire()).isTrue();
  }

  private static HttpServletRequest request(String method, String path) {
    return new MockHttpServletRequest(method, path);
  }

  private static HttpServletRequest request(String method, String path, ServletInputStream body) {
    return new MockHttpServletRequest(method, path) {
      @Override
      public ServletInputStream getInputStream() {
        return body;
      }
    };
  }

  private static ServletInputStream endlessBody() {
    return new ServletInputStream() {
      @Override
      public int read() {
        return 'x';
      }

      @Override
      public boolean isFinished() {
        return false;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
