package io.bdpaas.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.backend.ClusterBackend;
import io.bdpaas.backend.Isolation;
import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.TempFolders;
import io.bdpaas.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenants kept apart below the API, on the local backend run as root: code a tenant runs on their
 * own Spark cluster (a driver submitted through the master's REST server, as a batch job will be)
 * tries to read another tenant's working folder, its engine secret and the platform's database, and
 * to submit to the other tenant's cluster. Every attempt is refused, while the same code reads its
 * own cluster's files (so the probe can tell the two apart). Without root the platform says, at
 * start-up and on the admin pages, that it is one trust domain.
 */
class EngineIsolationIT {
  private static final Duration READY = Duration.ofSeconds(240);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void codeOnOneTenantsClusterCannotReachAnotherTenantsDataOrClusterNorThePlatforms()
      throws Exception {
    assumeThat(runsAsRoot())
        .as("tenant accounts need root; CI runs as root, the other test covers the rest")
        .isTrue();
    try (TestServer server = TestServer.start()) {
      Isolation isolation = server.bean(ClusterBackend.class).isolation();
      assumeThat(isolation.tenantsConfined())
          .as("tenants confined on this machine: %s", isolation.description())
          .isTrue();
      ApiClient alice = server.newUser("alice");
      ApiClient bob = server.newUser("bob");
      String small = "{\"product\":\"spark\",\"version\":\"4.2.0\",\"size\":1}";
      String aliceCluster = Clusters.create(alice, small);
      String bobCluster = Clusters.create(bob, small);
      JsonNode aliceReady = Clusters.awaitStatus(alice, aliceCluster, "ready", READY);
      JsonNode bobReady = Clusters.awaitStatus(bob, bobCluster, "ready", READY);
      try {
        // Each tenant's nodes run as an account of their own, never as the platform's.
        String aliceAccount = accountOf(Clusters.pids(alice, aliceCluster).get("worker-0"));
        String bobAccount = accountOf(Clusters.pids(bob, bobCluster).get("worker-0"));
        assertThat(aliceAccount).startsWith("bdpaas-u").isNotEqualTo(bobAccount);
        assertThat(bobAccount).startsWith("bdpaas-u");

        Path data = server.dataDir().toRealPath();
        Path aliceMaster = data.resolve("clusters").resolve(aliceCluster).resolve("master-0");
        Path bobWorker = data.resolve("clusters").resolve(bobCluster).resolve("worker-0");
        String aliceRest = aliceReady.get("endpoints").get("restSubmission").asString();
        Map<String, String> reads = new LinkedHashMap<>();
        reads.put("own secret", bobWorker.resolve("conf/spark-defaults.conf").toString());
        reads.put("other tenant's folder", aliceMaster.toString());
        reads.put(
            "other tenant's secret", aliceMaster.resolve("conf/spark-defaults.conf").toString());
        reads.put("other tenant's log", aliceMaster.resolve("stdout.log").toString());
        reads.put("all clusters", data.resolve("clusters").toString());
        reads.put("database folder", data.resolve("db").toString());
        reads.put("database file", data.resolve("db").resolve("bdpaas.mv.db").toString());

        List<String> output =
            runDriverOn(
                server, bob, bobReady, bobCluster, reads, aliceRest + "v1/submissions/create");

        assertThat(output).contains("PROBE own secret ALLOWED");
        for (String what : reads.keySet()) {
          if (!what.equals("own secret")) {
            assertThat(output)
                .as(what)
                .anyMatch(line -> line.startsWith("PROBE " + what + " DENIED"));
          }
        }
        assertThat(output).contains("PROBE submit HTTP 403");
        assertThat(output).contains("PROBE user " + bobAccount);
      } finally {
        alice.delete("/api/v1/clusters/" + aliceCluster).expectStatus(202);
        bob.delete("/api/v1/clusters/" + bobCluster).expectStatus(202);
        Clusters.awaitStatus(alice, aliceCluster, "destroyed", Duration.ofSeconds(120));
        Clusters.awaitStatus(bob, bobCluster, "destroyed", Duration.ofSeconds(120));
      }
    }
  }

  @Test
  void withoutTenantAccountsThePlatformSaysItIsOneTrustDomain() {
    try (TestServer server =
        TestServer.start(
            Map.of(
                "bdpaas.http.secure-cookies", "false", "bdpaas.local.tenant-accounts", "false"))) {
      ApiClient console = ApiClient.anonymous(server);
      console.login(TestServer.ADMIN, TestServer.ADMIN_PASSWORD).expectStatus(302);

      String adminPage = console.get("/admin/users").expectStatus(200).body();

      assertThat(adminPage)
          .contains("id=\"trust-warning\"")
          .contains("one trust domain: every tenant&#39;s code can read every tenant&#39;s data");
      assertThat(
              Files.isDirectory(server.dataDir())
                  && PosixFilePermissions.toString(permissionsOf(server.dataDir()))
                      .equals("rwx------"))
          .as("the data directory is the platform's alone")
          .isTrue();
      ApiClient user = server.newUser("carol");
      ApiClient carolConsole = ApiClient.anonymous(server);
      carolConsole.login("carol", TestServer.passwordOf("carol")).expectStatus(302);
      assertThat(carolConsole.get("/clusters").expectStatus(200).body())
          .as("only administrators are told")
          .doesNotContain("trust-warning");
      assertThat(user.get("/api/v1/me").expectStatus(200).body()).contains("carol");
    }
  }

  /**
   * Submits a driver to {@code owner}'s cluster through its REST server, with its secret, and
   * returns the driver's standard output once it finished: one line per read attempt ({@code PROBE
   * <what> ALLOWED|DENIED}), one for the submission to {@code foreignSubmitUrl} and one with the
   * account it ran as.
   */
  private static List<String> runDriverOn(
      TestServer server,
      ApiClient owner,
      JsonNode ready,
      String clusterId,
      Map<String, String> reads,
      String foreignSubmitUrl)
      throws Exception {
    Path jar = probeJar();
    String bearer = server.bean(ClusterStore.class).engineSecret(new ClusterId(clusterId)).bearer();
    String rest = ready.get("endpoints").get("restSubmission").asString();
    List<String> args = new ArrayList<>();
    reads.forEach(
        (what, path) -> {
          args.add(what);
          args.add(path);
        });
    args.add(foreignSubmitUrl);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("action", "CreateSubmissionRequest");
    request.put("appResource", "file:" + jar);
    request.put("mainClass", "TenantProbe");
    request.put("appArgs", args);
    request.put("clientSparkVersion", "4.2.0");
    request.put("environmentVariables", Map.of("SPARK_ENV_LOADED", "1"));
    request.put(
        "sparkProperties",
        Map.of(
            "spark.master", ready.get("endpoints").get("master").asString(),
            "spark.submit.deployMode", "cluster",
            "spark.jars", "file:" + jar,
            "spark.driver.memory", "512m",
            "spark.driver.cores", "1",
            "spark.driver.supervise", "false",
            "spark.authenticate", "true",
            "spark.app.name", "tenant-probe"));
    JsonNode created =
        JSON.readTree(
            post(rest + "v1/submissions/create", JSON.writeValueAsString(request), bearer).body());
    assertThat(created.path("success").asBoolean()).as(created.toString()).isTrue();
    String driver = created.get("submissionId").asString();
    String[] state = new String[1];
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              HttpResponse<String> status = get(rest + "v1/submissions/status/" + driver, bearer);
              state[0] = JSON.readTree(status.body()).path("driverState").asString("");
              return List.of("FINISHED", "FAILED", "ERROR", "KILLED").contains(state[0]);
            });
    Path driverDirectory =
        server
            .dataDir()
            .toRealPath()
            .resolve("clusters")
            .resolve(clusterId)
            .resolve("worker-0")
            .resolve("work")
            .resolve(driver);
    List<String> stdout = Files.readAllLines(driverDirectory.resolve("stdout"));
    assertThat(state[0])
        .as(
            "driver state; its stderr: %s",
            Files.exists(driverDirectory.resolve("stderr"))
                ? Files.readString(driverDirectory.resolve("stderr"))
                : "(none)")
        .isEqualTo("FINISHED");
    assertThat(
            owner
                .get("/api/v1/clusters/" + clusterId)
                .expectStatus(200)
                .json()
                .get("status")
                .asString())
        .isEqualTo("ready");
    return stdout;
  }

  /** A jar with one class that tries each read it is given and one submission. */
  private static Path probeJar() throws IOException {
    Path folder = TempFolders.create("bdpaas-probe-");
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path source = folder.resolve("TenantProbe.java");
    Files.writeString(
        source,
        """
        import java.net.URI;
        import java.net.http.HttpClient;
        import java.net.http.HttpRequest;
        import java.net.http.HttpResponse;
        import java.nio.file.Files;
        import java.nio.file.Path;

        public class TenantProbe {
          public static void main(String[] args) {
            for (int i = 0; i + 1 < args.length; i += 2) {
              Path path = Path.of(args[i + 1]);
              try {
                if (Files.isDirectory(path)) {
                  try (var entries = Files.list(path)) {
                    entries.count();
                  }
                } else {
                  Files.readAllBytes(path);
                }
                System.out.println("PROBE " + args[i] + " ALLOWED");
              } catch (Exception e) {
                System.out.println("PROBE " + args[i] + " DENIED (" + e.getClass().getSimpleName() + ")");
              }
            }
            String url = args[args.length - 1];
            try {
              HttpResponse<String> answer =
                  HttpClient.newHttpClient()
                      .send(
                          HttpRequest.newBuilder(URI.create(url))
                              .header("Content-Type", "application/json")
                              .POST(HttpRequest.BodyPublishers.ofString("{}"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
              System.out.println("PROBE submit HTTP " + answer.statusCode());
            } catch (Exception e) {
              System.out.println("PROBE submit failed: " + e);
            }
            System.out.println("PROBE user " + System.getProperty("user.name"));
          }
        }
        """);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler.run(null, null, null, "-d", folder.toString(), source.toString()))
        .as("the probe compiles")
        .isZero();
    Path jar = folder.resolve("probe.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("TenantProbe.class"));
      out.write(Files.readAllBytes(folder.resolve("TenantProbe.class")));
      out.closeEntry();
    }
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    return jar;
  }

  private static HttpResponse<String> post(String url, String body, String bearer)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String url, String bearer) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** The name of the account a process runs as (its real user id, looked up in /etc/passwd). */
  private static String accountOf(long pid) throws IOException {
    String uid = null;
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("Uid:")) {
        uid = line.substring(4).strip().split("\\s+")[0];
      }
    }
    for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
      String[] fields = line.split(":");
      if (fields.length > 2 && fields[2].equals(uid)) {
        return fields[0];
      }
    }
    return "uid " + uid;
  }

  private static boolean runsAsRoot() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Uid:")) {
        return line.substring(4).strip().split("\\s+")[1].equals("0");
      }
    }
    return false;
  }

  private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissionsOf(
      Path path) {
    try {
      return Files.getPosixFilePermissions(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
