package io.bdpaas.backend.local;

import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.LogStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Starts one node JVM: {@code java <marker> <jvmOptions> -cp <classpath> <mainClass> <arguments>}
 * in the node's working directory, with a cleaned environment (no inherited engine or JVM settings)
 * plus the node's own, and its standard output and error appended to the node's log files.
 */
final class NodeLauncher {
  private static final List<String> REMOVED_ENVIRONMENT_PREFIXES =
      List.of("SPARK_", "PYSPARK_", "FLINK_", "HADOOP_", "YARN_");
  private static final Set<String> REMOVED_ENVIRONMENT_VARIABLES =
      Set.of(
          "JAVA_TOOL_OPTIONS",
          "_JAVA_OPTIONS",
          "JDK_JAVA_OPTIONS",
          "CLASSPATH",
          NodeSpec.MARKER_ENVIRONMENT_VARIABLE);

  private final Path javaExecutable;

  NodeLauncher(Path javaExecutable) {
    this.javaExecutable = requireNonNull(javaExecutable, "javaExecutable is null");
  }

  /**
   * Writes the node's files and starts its JVM, its output appended to the node's log files.
   *
   * @param attempt which start of the node this is (1 for the first), written to the logs
   */
  Process launch(NodeSpec spec, Path nodeDirectory, int attempt) throws IOException {
    Files.createDirectories(nodeDirectory);
    Files.createDirectories(spec.workingDirectory());
    for (Map.Entry<String, String> file : spec.files().entrySet()) {
      Path target = spec.workingDirectory().resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
    }
    List<String> command = new ArrayList<>();
    command.add(javaExecutable.toString());
    command.add(spec.markerOption());
    command.addAll(spec.jvmOptions());
    command.add("-cp");
    command.add(spec.classpath().stream().map(Path::toString).collect(Collectors.joining(":")));
    command.add(spec.mainClass());
    command.addAll(spec.arguments());

    Path stdout = nodeDirectory.resolve(LogStream.STDOUT.fileName());
    Path stderr = nodeDirectory.resolve(LogStream.STDERR.fileName());
    String header =
        String.format(
            "---- bdpaas: starting %s (attempt %d) at %s%n---- %s%n",
            spec.id(), attempt, Instant.now(), String.join(" ", command));
    appendLine(stdout, header);
    appendLine(stderr, header);

    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(spec.workingDirectory().toFile())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
    Map<String, String> environment = builder.environment();
    environment
        .keySet()
        .removeIf(
            name ->
                REMOVED_ENVIRONMENT_VARIABLES.contains(name)
                    || REMOVED_ENVIRONMENT_PREFIXES.stream().anyMatch(name::startsWith));
    environment.putAll(spec.environment());
    environment.put(NodeSpec.MARKER_ENVIRONMENT_VARIABLE, spec.id().toString());
    Process process = builder.start();
    // Nothing is ever written to a node's stdin: close it so a read sees end-of-file instead of
    // blocking.
    process.getOutputStream().close();
    return process;
  }

  private static void appendLine(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
