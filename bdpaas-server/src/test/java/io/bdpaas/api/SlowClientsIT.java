package io.bdpaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Slow clients on loopback cannot take the server: while 300 anonymous connections trickle a
 * sign-in body a byte per second, health answers within a second throughout, and the slow
 * connections are cut off once their body has taken too long.
 */
class SlowClientsIT {
  private static final int SLOW_CLIENTS = 300;
  private static final Duration WATCH = Duration.ofSeconds(25);

  @Test
  void healthAnswersWithinASecondWhileThreeHundredClientsTrickleSignInBodies() throws Exception {
    try (TestServer server =
            TestServer.start(
                Map.of(
                    "bdpaas.http.secure-cookies", "false",
                    "bdpaas.http.body-read-timeout-seconds", "5",
                    // The body-read defence is under test here, not the sign-in throttle.
                    "bdpaas.security.sign-ins-per-minute", "100000"));
        SlowClients slow = new SlowClients(server.port())) {
      slow.startTrickling();

      List<Long> answerMillis = new ArrayList<>();
      long end = System.nanoTime() + WATCH.toNanos();
      while (System.nanoTime() < end) {
        answerMillis.add(healthMillis(server));
        Thread.sleep(250);
      }

      assertThat(answerMillis)
          .hasSizeGreaterThan(20)
          .allSatisfy(ms -> assertThat(ms).isLessThan(1000));
      assertThat(slow.closedByServer())
          .as("slow connections are cut off, not held for as long as they trickle")
          .isEqualTo(SLOW_CLIENTS);
    }
  }

  /**
   * How long health took to answer 200 on a new connection; -1 when it did not answer within a
   * second, minus the status when it answered another.
   */
  private static long healthMillis(TestServer server) throws InterruptedException {
    long start = System.nanoTime();
    try {
      HttpResponse<String> health =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(1))
              .build()
              .send(
                  HttpRequest.newBuilder(server.uri("/actuator/health"))
                      .timeout(Duration.ofSeconds(1))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return health.statusCode() == 200
          ? (System.nanoTime() - start) / 1_000_000
          : -health.statusCode();
    } catch (IOException noAnswer) {
      return -1;
    }
  }

  /** Connections that send a sign-in's headers, then its body one byte per second. */
  private static final class SlowClients implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    SlowClients(int port) throws IOException {
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket
            .getOutputStream()
            .write(
                ("POST /api/v1/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
        sockets.add(socket);
      }
    }

    void startTrickling() {
      trickle.scheduleAtFixedRate(
          () -> {
            for (Socket socket : sockets) {
              try {
                socket.getOutputStream().write(' ');
              } catch (IOException closed) {
                // cut off by the server: nothing more to send
              }
            }
          },
          1,
          1,
          TimeUnit.SECONDS);
    }

    /** How many connections the server has closed (answered, then closed; or just closed). */
    int closedByServer() throws IOException {
      int closed = 0;
      for (Socket socket : sockets) {
        socket.setSoTimeout(100);
        try {
          InputStream in = socket.getInputStream();
          byte[] buffer = new byte[8192];
          int n;
          while ((n = in.read(buffer)) > 0) {
            // drain the answer, if any
          }
          if (n < 0) {
            closed++;
          }
        } catch (SocketTimeoutException stillOpen) {
          // the server still waits for this body
        } catch (IOException reset) {
          closed++;
        }
      }
      return closed;
    }

    @Override
    public void close() {
      trickle.shutdownNow();
      for (Socket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }
}
