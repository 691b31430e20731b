package io.bdpaas.backend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the Kubernetes backend runs a node: a container image with its command. The {@code container}
 * part of a product template; cores and memory come from the node group.
 *
 * @param image the container image, such as {@code apache/spark:4.2.0}
 * @param command the entry point, replacing the image's own when given
 * @param args arguments of the entry point
 * @param env environment variables of the container
 * @param files files the node finds in its working location when it starts, by relative path
 * @param base64Files binary files (a key store) placed the same way, their content in base64
 * @param expose ports (by name) that clients outside the cluster reach, where the backend is set up
 *     to expose any, each with the protocol it speaks: {@code HTTP} or {@code GRPC}; the node's
 *     template finds their outside address as {@code node.external.<name>}
 */
public record ContainerPart(
    String image,
    List<String> command,
    List<String> args,
    Map<String, String> env,
    Map<String, String> files,
    Map<String, String> base64Files,
    Map<String, String> expose) {
  /** The protocols an exposed port may speak. */
  public static final List<String> EXPOSED_PROTOCOLS = List.of("HTTP", "GRPC");

  public ContainerPart {
    command = command == null ? List.of() : List.copyOf(command);
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? Map.of() : Map.copyOf(env);
    files = files == null ? Map.of() : Map.copyOf(files);
    base64Files = base64Files == null ? Map.of() : Map.copyOf(base64Files);
    expose = expose == null ? Map.of() : Map.copyOf(expose);
  }

  /** A container part exposing nothing. */
  public ContainerPart(
      String image,
      List<String> command,
      List<String> args,
      Map<String, String> env,
      Map<String, String> files,
      Map<String, String> base64Files) {
    this(image, command, args, env, files, base64Files, Map.of());
  }

  /** A container part without files. */
  public ContainerPart(
      String image, List<String> command, List<String> args, Map<String, String> env) {
    this(image, command, args, env, Map.of(), Map.of());
  }

  /**
   * This part completed from the node's {@code process} part where it names only an image: the
   * image runs the same JVM as the local backend would ({@code java <jvmOptions> -cp <class path>
   * <mainClass> <args>}, the class path under the engine's folder in the image), with the process's
   * environment and files where this part gives none. A part with a command or arguments of its own
   * is kept as it is, and so is every part when there is no process part.
   *
   * @param runtimeDir where the engine lives in the image ({@code node.runtimeDir})
   * @param workDir the node's working location ({@code node.workDir}): the class path of a plain
   *     JVM
   */
  public ContainerPart completedFrom(ProcessPart process, String runtimeDir, String workDir) {
    if (process == null || !command.isEmpty() || !args.isEmpty()) {
      return this;
    }
    String root = process.usesRuntime() ? runtimeDir : workDir;
    List<String> classpath = new java.util.ArrayList<>();
    for (String entry : process.classpath()) {
      classpath.add(root + "/" + entry);
    }
    if (classpath.isEmpty()) {
      classpath.add(process.usesRuntime() ? root + "/*" : root);
    }
    List<String> arguments = new java.util.ArrayList<>(process.jvmOptions());
    arguments.add("-cp");
    arguments.add(String.join(":", classpath));
    arguments.add(process.mainClass());
    arguments.addAll(process.args());
    return new ContainerPart(
        image,
        List.of("java"),
        arguments,
        env.isEmpty() ? process.env() : env,
        files.isEmpty() ? process.files() : files,
        base64Files.isEmpty() ? process.base64Files() : base64Files,
        expose);
  }

  /** This part with one file's content replaced or added. */
  public ContainerPart withFile(String path, String content) {
    Map<String, String> changed = new LinkedHashMap<>(files);
    changed.put(path, content);
    return new ContainerPart(image, command, args, env, changed, base64Files, expose);
  }
}
