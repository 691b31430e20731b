package io.bdpaas.testing;

import io.bdpaas.BdpaasApplication;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real BDPaaS server for tests: the whole application on a free port, with its own data directory
 * (and so its own H2 database) that is deleted when the server closes.
 */
public final class TestServer implements AutoCloseable {
  public static final String ADMIN = "admin";
  public static final String ADMIN_PASSWORD = "test-admin-password-1";

  private final ConfigurableApplicationContext context;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final int port;

  private TestServer(ConfigurableApplicationContext context, Path dataDir, boolean ownsDataDir) {
    this.context = context;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  /** Starts a server with plain-HTTP cookies, as most tests talk to it over http://127.0.0.1. */
  public static TestServer start() {
    return start(Map.of("bdpaas.http.secure-cookies", "false"));
  }

  /** Starts a server with extra settings (keys as in the settings catalog). */
  public static TestServer start(Map<String, String> settings) {
    try {
      Path dataDir =
          settings.containsKey("bdpaas.data-dir")
              ? Path.of(settings.get("bdpaas.data-dir"))
              : Files.createTempDirectory("bdpaas-test-");
      Map<String, String> all = new LinkedHashMap<>();
      all.put("bdpaas.port", "0");
      all.put("bdpaas.data-dir", dataDir.toString());
      all.put("bdpaas.admin.password", ADMIN_PASSWORD);
      all.put("bdpaas.runtime-dir", runtimeDir().toString());
      // Tests sign in from one address far more often than people do.
      all.put("bdpaas.security.sign-ins-per-minute", "100000");
      all.putAll(settings);
      List<String> args = new ArrayList<>();
      all.forEach((key, value) -> args.add("--" + key + "=" + value));
      SpringApplication application = new SpringApplication(BdpaasApplication.class);
      ConfigurableApplicationContext context = application.run(args.toArray(String[]::new));
      return new TestServer(context, dataDir, !settings.containsKey("bdpaas.data-dir"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The engine runtimes the build assembled (failsafe passes the path as testRuntimeDir). */
  public static Path runtimeDir() {
    return Path.of(System.getProperty("testRuntimeDir", "../bdpaas-runtime/target/runtime"))
        .toAbsolutePath()
        .normalize();
  }

  public int port() {
    return port;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public Path dataDir() {
    return dataDir;
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** A client signed in as the first administrator with an API token. */
  public ApiClient admin() {
    return ApiClient.withToken(this, ApiClient.tokenFor(this, ADMIN, ADMIN_PASSWORD));
  }

  /** Creates a user through the admin API and returns a token client for them. */
  public ApiClient newUser(String username) {
    String password = passwordOf(username);
    admin()
        .post(
            "/api/v1/admin/users",
            "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
        .expectStatus(201);
    return ApiClient.withToken(this, ApiClient.tokenFor(this, username, password));
  }

  /** The password {@link #newUser} gives a user. */
  public static String passwordOf(String username) {
    return "pw-" + Integer.toHexString(username.hashCode()) + "-correct-horse";
  }

  @Override
  public void close() {
    String url = context.getEnvironment().getProperty("spring.datasource.url", "");
    String user = context.getEnvironment().getProperty("spring.datasource.username", "");
    String password = context.getEnvironment().getProperty("spring.datasource.password", "");
    context.close();
    forgetTomcatHome();
    shutDownEmbeddedDatabase(url, user, password);
    if (ownsDataDir) {
      stopLeftoverNodes();
      deleteRecursively(dataDir);
    }
  }

  /**
   * Nodes keep running when a control plane stops (the next one adopts them); a test that failed
   * before destroying its clusters would leave them running after the suite. Stops every node
   * process working under this server's own data directory.
   */
  private void stopLeftoverNodes() {
    String folder = dataDir.toAbsolutePath().toString();
    List<ProcessHandle> leftovers =
        ProcessHandle.allProcesses()
            .filter(
                process -> {
                  List<String> args = process.info().arguments().map(List::of).orElse(List.of());
                  return args.stream().anyMatch(arg -> arg.startsWith("-Dbdpaas.node="))
                      && args.stream().anyMatch(arg -> arg.contains(folder));
                })
            .toList();
    leftovers.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle process : leftovers) {
      process
          .onExit()
          .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
          .exceptionally(e -> null)
          .join();
    }
  }

  /**
   * The first embedded Tomcat of a JVM sets the system property {@code catalina.home} to its base
   * folder (in this server's data directory), and every later one in the same JVM creates that
   * folder again when it starts: the next test's server would bring back an empty {@code tomcat}
   * folder of this one's deleted data directory. One control plane runs one Tomcat per JVM; tests
   * run many, one after another.
   */
  private void forgetTomcatHome() {
    String folder = dataDir.toAbsolutePath().toString();
    for (String property : List.of("catalina.home", "catalina.base")) {
      String value = System.getProperty(property);
      if (value != null && Path.of(value).toAbsolutePath().startsWith(folder)) {
        System.clearProperty(property);
      }
    }
  }

  /**
   * The embedded H2 database stays open until the JVM exits (DB_CLOSE_DELAY=-1) and then writes its
   * trace file into a data directory already deleted, leaving an empty folder behind: shut it down
   * once the server has stopped.
   */
  private static void shutDownEmbeddedDatabase(String url, String user, String password) {
    if (!url.startsWith("jdbc:h2:")) {
      return;
    }
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException e) {
      // already closed: nothing to shut down
    }
  }

  public static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
