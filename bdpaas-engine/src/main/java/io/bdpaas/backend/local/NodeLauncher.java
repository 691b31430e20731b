package io.bdpaas.backend.local;

import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.LogStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Starts one node JVM: {@code java <marker> -Djava.io.tmpdir=<work>/tmp <jvmOptions> -cp
 * <classpath> <mainClass> <arguments>} in the node's working directory ({@code <work>}), with a
 * cleaned environment (no inherited engine or JVM settings, {@code TMPDIR} its own) plus the node's
 * own, and its standard output and error appended to the node's log files. The cluster's and node's
 * folders and files are readable by their owner only; a node with a tenant account owns them and
 * runs as that account ({@code setpriv}, which then executes the JVM in the same process, so the
 * process id the supervisor watches is the JVM's).
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

  private static final String SETPRIV = "/usr/bin/setpriv";

  /** The node's folder for temporary files, in its working directory. */
  private static final String TEMPORARY_FOLDER = "tmp";

  private static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> PRIVATE_FILE =
      PosixFilePermissions.fromString("rw-------");

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
    // The cluster's folder and everything in the node's are private: its owner's account only
    // (the platform's, or the tenant's when nodes run as their tenant's account).
    Path clusterDirectory = nodeDirectory.getParent();
    makePrivateDirectory(clusterDirectory, spec.runAs());
    makePrivateDirectory(nodeDirectory, spec.runAs());
    makePrivateDirectory(spec.workingDirectory(), spec.runAs());
    // Its temporary files too: the machine's /tmp is shared by every tenant, and what an engine
    // leaves there (Hive's session folders, Spark's scratch folders) would outlive its cluster.
    Path temporary = spec.workingDirectory().resolve(TEMPORARY_FOLDER);
    makePrivateDirectory(temporary, spec.runAs());
    Map<String, byte[]> contents = new LinkedHashMap<>();
    spec.files().forEach((name, text) -> contents.put(name, text.getBytes(StandardCharsets.UTF_8)));
    spec.base64Files()
        .forEach((name, base64) -> contents.put(name, Base64.getDecoder().decode(base64)));
    for (Map.Entry<String, byte[]> file : contents.entrySet()) {
      writeFile(spec, file.getKey(), file.getValue());
    }
    List<String> command = new ArrayList<>();
    spec.runAs()
        .ifPresent(
            account ->
                command.addAll(
                    List.of(
                        SETPRIV,
                        "--reuid=" + account.uid(),
                        "--regid=" + account.gid(),
                        "--clear-groups",
                        "--")));
    command.add(javaExecutable.toString());
    command.add(spec.markerOption());
    command.add("-Djava.io.tmpdir=" + temporary);
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
    spec.runAs()
        .ifPresent(
            account -> {
              environment.put("HOME", spec.workingDirectory().toString());
              environment.put("USER", account.name());
              environment.put("LOGNAME", account.name());
            });
    environment.put("TMPDIR", temporary.toString());
    environment.putAll(spec.environment());
    environment.put(NodeSpec.MARKER_ENVIRONMENT_VARIABLE, spec.id().toString());
    Process process = builder.start();
    // Nothing is ever written to a node's stdin: close it so a read sees end-of-file instead of
    // blocking.
    process.getOutputStream().close();
    return process;
  }

  /**
   * Writes one of the node's files, private to its owner, whole or not at all: the content goes to
   * a new file beside it, which then takes the old one's place. A link a tenant's node put in the
   * file's place is replaced, never followed, and a link in the place of one of its folders makes
   * the write fail.
   */
  static void writeFile(NodeSpec spec, String relativePath, byte[] content) throws IOException {
    Path workingDirectory = spec.workingDirectory();
    Path target = workingDirectory.resolve(relativePath).normalize();
    if (!target.startsWith(workingDirectory) || target.equals(workingDirectory)) {
      throw new IllegalArgumentException(
          "a node's file is inside its working directory: '" + relativePath + "'");
    }
    List<Path> folders = new ArrayList<>();
    for (Path folder = target.getParent();
        !folder.equals(workingDirectory);
        folder = folder.getParent()) {
      folders.add(0, folder);
    }
    for (Path folder : folders) {
      makePrivateDirectory(folder, spec.runAs());
    }
    Path written =
        target.resolveSibling(".%s.%d.new".formatted(target.getFileName(), System.nanoTime()));
    try {
      Files.write(written, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.setPosixFilePermissions(written, PRIVATE_FILE);
      if (spec.runAs().isPresent()) {
        giveTo(written, spec.runAs().get());
      }
      Files.move(
          written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(written);
    }
  }

  /** Creates the folder if missing, owned by the account (when given), and closed to others. */
  static void makePrivateDirectory(Path directory, Optional<OsAccount> owner) throws IOException {
    Files.createDirectories(directory);
    // Not through a link: a tenant's node may have put one in the place of its own folder.
    Files.getFileAttributeView(directory, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setPermissions(PRIVATE_DIRECTORY);
    if (owner.isPresent()) {
      giveTo(directory, owner.get());
    }
  }

  private static void giveTo(Path path, OsAccount account) throws IOException {
    UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view =
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    view.setOwner(lookup.lookupPrincipalByName(account.name()));
    view.setGroup(lookup.lookupPrincipalByGroupName(account.name()));
  }

  private static void appendLine(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
