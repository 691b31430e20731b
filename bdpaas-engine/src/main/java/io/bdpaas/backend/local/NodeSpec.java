package io.bdpaas.backend.local;

import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.NodeId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything needed to start one cluster node as a process: what to run ({@code java <jvmOptions>
 * -cp <classpath> <mainClass> <arguments>}), where (working directory, environment, configuration
 * files written there first) and which named ports it listens on. Pure data: building one does no
 * I/O.
 *
 * @param id the cluster and node this process is
 * @param role the node's role in its product, e.g. {@code master}, {@code worker}, {@code
 *     jobmanager}
 * @param runtimeDirectory the engine runtime folder the node runs from, e.g. {@code
 *     .../runtime/spark-4.2.0}
 * @param classpath absolute class path entries, wildcards allowed ({@code .../jars/*})
 * @param mainClass fully qualified main class
 * @param jvmOptions options placed before {@code -cp}; the supervisor adds its own process marker
 * @param arguments program arguments placed after the main class
 * @param environment variables added to (and overriding) the supervisor's cleaned environment
 * @param workingDirectory absolute directory the process runs in, created if missing
 * @param ports named ports the node listens on (informational for the supervisor, used by probes
 *     and clients)
 * @param files configuration files written before each start, keyed by a path relative to the
 *     working directory
 * @param base64Files binary files written the same way, their content in base64
 * @param runAs the tenant's own account the node runs as (the platform's own when empty)
 */
public record NodeSpec(
    NodeId id,
    String role,
    Path runtimeDirectory,
    List<Path> classpath,
    String mainClass,
    List<String> jvmOptions,
    List<String> arguments,
    Map<String, String> environment,
    Path workingDirectory,
    Map<String, Integer> ports,
    Map<String, String> files,
    Map<String, String> base64Files,
    Optional<OsAccount> runAs) {

  /**
   * System property carried by every node JVM on its command line: {@code
   * -Dbdpaas.node=<clusterId>/<node>}.
   */
  public static final String MARKER_PROPERTY = "bdpaas.node";

  /**
   * Environment variable set for every node and inherited by everything it forks (executors,
   * drivers).
   */
  public static final String MARKER_ENVIRONMENT_VARIABLE = "BDPAAS_NODE";

  private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern CLASS_NAME =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
  private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PORT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  public NodeSpec {
    requireNonNull(id, "id is null");
    requireNonNull(role, "role is null");
    checkArgument(
        ROLE.matcher(role).matches(), "role must be lower-case letters, digits or '-': '%s'", role);
    requireNonNull(runtimeDirectory, "runtimeDirectory is null");
    checkArgument(
        runtimeDirectory.isAbsolute(), "runtimeDirectory must be absolute: %s", runtimeDirectory);
    classpath = List.copyOf(requireNonNull(classpath, "classpath is null"));
    checkArgument(!classpath.isEmpty(), "classpath is empty");
    for (Path entry : classpath) {
      checkArgument(entry.isAbsolute(), "classpath entries must be absolute: %s", entry);
    }
    requireNonNull(mainClass, "mainClass is null");
    checkArgument(
        CLASS_NAME.matcher(mainClass).matches(), "mainClass is not a class name: '%s'", mainClass);
    jvmOptions = List.copyOf(requireNonNull(jvmOptions, "jvmOptions is null"));
    for (String option : jvmOptions) {
      checkArgument(option.startsWith("-"), "JVM options must start with '-': '%s'", option);
      checkArgument(
          !option.startsWith("-D" + MARKER_PROPERTY + "="),
          "JVM option %s is reserved for the supervisor",
          MARKER_PROPERTY);
      checkArgument(
          !option.equals("-cp") && !option.equals("-classpath"),
          "set the class path with classpath");
    }
    arguments = List.copyOf(requireNonNull(arguments, "arguments is null"));
    environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    for (String name : environment.keySet()) {
      checkArgument(
          ENVIRONMENT_NAME.matcher(name).matches(), "bad environment variable name: '%s'", name);
      checkArgument(
          !name.equals(MARKER_ENVIRONMENT_VARIABLE), "%s is reserved for the supervisor", name);
    }
    requireNonNull(workingDirectory, "workingDirectory is null");
    checkArgument(
        workingDirectory.isAbsolute(), "workingDirectory must be absolute: %s", workingDirectory);
    ports = Map.copyOf(requireNonNull(ports, "ports is null"));
    Set<Integer> seen = new HashSet<>();
    for (Map.Entry<String, Integer> port : ports.entrySet()) {
      checkArgument(
          PORT_NAME.matcher(port.getKey()).matches(), "bad port name: '%s'", port.getKey());
      int number = port.getValue();
      checkArgument(
          number > 0 && number < 65536, "port %s out of range: %s", port.getKey(), number);
      checkArgument(seen.add(number), "port %s is used twice", number);
    }
    requireNonNull(runAs, "runAs is null");
    files = Map.copyOf(requireNonNull(files, "files is null"));
    base64Files = Map.copyOf(requireNonNull(base64Files, "base64Files is null"));
    for (String file : concat(files.keySet(), base64Files.keySet())) {
      Path relative = Path.of(file);
      checkArgument(
          !relative.isAbsolute() && relative.normalize().equals(relative) && !file.startsWith(".."),
          "file paths must be relative to the working directory and stay inside it: '%s'",
          file);
    }
  }

  /** Starts a builder for a node of the given role. */
  public static Builder builder(NodeId id, String role) {
    return new Builder(id, role);
  }

  /** The port registered under {@code name}. */
  public int port(String name) {
    Integer port = ports.get(name);
    if (port == null) {
      throw new IllegalArgumentException("node " + id + " has no port named " + name);
    }
    return port;
  }

  /**
   * The marker JVM option identifying this node's process: {@code
   * -Dbdpaas.node=<clusterId>/<node>}.
   */
  public String markerOption() {
    return markerOption(id);
  }

  /** The marker JVM option for the given node. */
  public static String markerOption(NodeId id) {
    return "-D" + MARKER_PROPERTY + "=" + id;
  }

  private static List<String> concat(Set<String> first, Set<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static void checkArgument(boolean condition, String message, Object... arguments) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(message, arguments));
    }
  }

  /** Fluent construction of a {@link NodeSpec}; validation happens in {@link #build()}. */
  public static final class Builder {
    private final NodeId id;
    private final String role;
    private Path runtimeDirectory;
    private final List<Path> classpath = new ArrayList<>();
    private String mainClass;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path workingDirectory;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, String> files = new LinkedHashMap<>();
    private final Map<String, String> base64Files = new LinkedHashMap<>();
    private Optional<OsAccount> runAs = Optional.empty();

    private Builder(NodeId id, String role) {
      this.id = id;
      this.role = role;
    }

    public Builder runtimeDirectory(Path runtimeDirectory) {
      this.runtimeDirectory = runtimeDirectory;
      return this;
    }

    public Builder classpath(Path... entries) {
      classpath.addAll(List.of(entries));
      return this;
    }

    public Builder mainClass(String mainClass) {
      this.mainClass = mainClass;
      return this;
    }

    public Builder jvmOptions(List<String> options) {
      jvmOptions.addAll(options);
      return this;
    }

    public Builder jvmOption(String option) {
      jvmOptions.add(option);
      return this;
    }

    public Builder arguments(String... values) {
      arguments.addAll(List.of(values));
      return this;
    }

    public Builder environment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    public Builder workingDirectory(Path workingDirectory) {
      this.workingDirectory = workingDirectory;
      return this;
    }

    public Builder port(String name, int port) {
      ports.put(name, port);
      return this;
    }

    public Builder file(String relativePath, String content) {
      files.put(relativePath, content);
      return this;
    }

    public Builder base64File(String relativePath, String base64Content) {
      base64Files.put(relativePath, base64Content);
      return this;
    }

    public Builder runAs(OsAccount account) {
      this.runAs = Optional.of(account);
      return this;
    }

    public NodeSpec build() {
      return new NodeSpec(
          id,
          role,
          runtimeDirectory,
          classpath,
          mainClass,
          jvmOptions,
          arguments,
          environment,
          workingDirectory,
          ports,
          files,
          base64Files,
          runAs);
    }
  }
}
