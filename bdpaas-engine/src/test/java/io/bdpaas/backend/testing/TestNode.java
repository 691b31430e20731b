package io.bdpaas.backend.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny program the supervisor tests run as a node instead of an engine. Modes: {@code sleep}
 * (default) runs until killed, {@code fork} starts a child JVM of this class first (like a Spark
 * worker starting executors), {@code exit <code>} exits at once, {@code ignore-term} ignores
 * SIGTERM.
 */
public final class TestNode {
  private TestNode() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length == 0 ? "sleep" : args[0];
    System.out.println("temporary files in " + System.getProperty("java.io.tmpdir"));
    System.out.println("hello from test node, mode " + mode);
    System.out.flush();
    switch (mode) {
      case "exit" -> System.exit(Integer.parseInt(args[1]));
      case "fork" -> forkChild();
      case "ignore-term" ->
          sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sun.misc.SignalHandler.SIG_IGN);
      default -> {}
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void forkChild() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx32m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TestNode.class.getName());
    command.add("sleep");
    new ProcessBuilder(command).inheritIO().start();
    System.out.println("forked a child");
  }

  /** The class path entry holding this class (the test classes directory). */
  public static Path classesDirectory() {
    try {
      return Path.of(TestNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
