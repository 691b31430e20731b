package io.bdpaas.engine.spark;

import static java.util.Objects.requireNonNull;

import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.EngineHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a driver's stdout or stderr from the Spark worker that runs it, through the worker web UI's
 * {@code /log} endpoint, a range of bytes at a time, so that a follower can keep a copy that
 * outlives the worker.
 */
public final class SparkWorkerLogs {
  /** The most bytes asked for at once. */
  public static final int MAX_CHUNK = 256 * 1024;

  // The endpoint's first line: "==== Bytes 0-1234 of 1234 of /work/driver-.../stdout ====".
  private static final Pattern HEADER = Pattern.compile("==== Bytes (\\d+)-(\\d+) of (\\d+) of ");

  private final EngineHttp http;

  public SparkWorkerLogs(EngineHttp http) {
    this.http = requireNonNull(http, "http is null");
  }

  /** Which of a driver's logs. */
  public enum Stream {
    STDOUT("stdout"),
    STDERR("stderr");

    private final String logType;

    Stream(String logType) {
      this.logType = logType;
    }

    public String logType() {
      return logType;
    }
  }

  /** Bytes {@code start} to {@code end} of a log then {@code length} bytes long. */
  public record Chunk(long start, long end, long length, String text) {
    /** Whether the log holds more after this chunk. */
    public boolean more() {
      return end < length;
    }
  }

  /**
   * Up to {@code maxBytes} of the driver's log from {@code offset}.
   *
   * @param workerUi the worker web UI's base URL, e.g. {@code http://127.0.0.1:8081}
   * @throws EngineClientException when the worker cannot be reached or answers unexpectedly
   */
  public Chunk read(URI workerUi, String driverId, Stream stream, long offset, int maxBytes) {
    if (offset < 0 || maxBytes < 1 || maxBytes > MAX_CHUNK) {
      throw new IllegalArgumentException("offset " + offset + ", maxBytes " + maxBytes);
    }
    URI uri =
        EngineHttp.resolve(
            workerUi,
            "log?driverId="
                + URLEncoder.encode(driverId, StandardCharsets.UTF_8)
                + "&logType="
                + stream.logType()
                + "&offset="
                + offset
                + "&byteLength="
                + maxBytes);
    return parse(http.get(uri), uri);
  }

  static Chunk parse(String body, URI uri) {
    Matcher header = HEADER.matcher(body);
    int newline = body.indexOf('\n');
    if (!header.lookingAt() || newline < 0) {
      String start = body.length() > 200 ? body.substring(0, 200) + "…" : body;
      throw new EngineClientException("not a Spark worker log from " + uri + ": " + start);
    }
    return new Chunk(
        Long.parseLong(header.group(1)),
        Long.parseLong(header.group(2)),
        Long.parseLong(header.group(3)),
        body.substring(newline + 1));
  }
}
