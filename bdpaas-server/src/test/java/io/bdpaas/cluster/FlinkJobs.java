package io.bdpaas.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.TempFolders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small real Flink streaming job, compiled against the Flink runtime, and its submission. */
final class FlinkJobs {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private FlinkJobs() {}

  /**
   * A jar whose main class runs an unbounded job: 50 numbers a second from Flink's data generator
   * (a checkpointed source), doubled, discarded.
   */
  static Path countingJobJar(Path runtimes) throws IOException {
    Path folder = TempFolders.create("bdpaas-flink-job-");
    Path source = folder.resolve("CountingJob.java");
    Files.writeString(
        source,
        """
        import org.apache.flink.api.common.eventtime.WatermarkStrategy;
        import org.apache.flink.api.common.typeinfo.Types;
        import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
        import org.apache.flink.connector.datagen.source.DataGeneratorSource;
        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
        import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

        public class CountingJob {
          public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromSource(
                    new DataGeneratorSource<>(
                        i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(50), Types.LONG),
                    WatermarkStrategy.noWatermarks(),
                    "numbers")
                .map(x -> x * 2)
                .returns(Types.LONG)
                .sinkTo(new DiscardingSink<>());
            env.execute("counting");
          }
        }
        """);
    String classpath;
    try (Stream<Path> jars = Files.list(runtimes.resolve("flink-2.3.0").resolve("lib"))) {
      classpath =
          String.join(
              ":", jars.filter(j -> j.toString().endsWith(".jar")).map(Path::toString).toList());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(
            compiler.run(
                null, null, null, "-cp", classpath, "-d", folder.toString(), source.toString()))
        .as("the Flink job compiles")
        .isZero();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "CountingJob");
    Path jar = folder.resolve("counting-job.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> classes = Files.list(folder)) {
      for (Path compiled : classes.filter(c -> c.toString().endsWith(".class")).toList()) {
        out.putNextEntry(new JarEntry(compiled.getFileName().toString()));
        out.write(Files.readAllBytes(compiled));
        out.closeEntry();
      }
    }
    return jar;
  }

  /** Uploads the jar through Flink's REST API with {@code http}, runs it, returns the job id. */
  static String run(String rest, Path jar, HttpClient http) throws Exception {
    String boundary = "bdpaas-" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> uploaded =
        http.send(
            HttpRequest.newBuilder(URI.create(rest + "jars/upload"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
    String fileName = JSON.readTree(uploaded.body()).get("filename").asString();
    String jarId = fileName.substring(fileName.lastIndexOf('/') + 1);
    HttpResponse<String> ran =
        http.send(
            HttpRequest.newBuilder(URI.create(rest + "jars/" + jarId + "/run"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(ran.body());
    return answer.get("jobid").asString();
  }
}
