package io.bdpaas.backend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the local backend runs a node: a JVM started from an engine runtime folder. The {@code
 * process} part of a product template.
 *
 * @param runtime the runtime folder, such as {@code spark-4.2.0}, or {@code none} for a plain JVM
 *     whose class path is the node's working directory
 * @param mainClass the main class, or a single-file Java source for {@code none}
 * @param classpath class-path entries relative to the runtime folder (such as {@code jars/*})
 * @param jvmOptions options placed before {@code -cp}
 * @param args program arguments
 * @param env environment variables of the process
 * @param files files written into the node's working directory before it starts, by relative path
 * @param base64Files binary files (a key store) written the same way, their content in base64
 */
public record ProcessPart(
    String runtime,
    String mainClass,
    List<String> classpath,
    List<String> jvmOptions,
    List<String> args,
    Map<String, String> env,
    Map<String, String> files,
    Map<String, String> base64Files) {
  /** The runtime name of a plain JVM that runs from the node's working directory. */
  public static final String NO_RUNTIME = "none";

  public ProcessPart {
    classpath = classpath == null ? List.of() : List.copyOf(classpath);
    jvmOptions = jvmOptions == null ? List.of() : List.copyOf(jvmOptions);
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? Map.of() : Map.copyOf(env);
    files = files == null ? Map.of() : Map.copyOf(files);
    base64Files = base64Files == null ? Map.of() : Map.copyOf(base64Files);
  }

  /** This part with one file's content replaced or added. */
  public ProcessPart withFile(String path, String content) {
    Map<String, String> changed = new LinkedHashMap<>(files);
    changed.put(path, content);
    return new ProcessPart(
        runtime, mainClass, classpath, jvmOptions, args, env, changed, base64Files);
  }

  /** Whether the node runs from an engine runtime folder (and not as a plain JVM). */
  public boolean usesRuntime() {
    return runtime != null && !runtime.equals(NO_RUNTIME);
  }
}
