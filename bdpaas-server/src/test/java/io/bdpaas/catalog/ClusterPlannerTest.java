package io.bdpaas.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Problem;
import io.bdpaas.backend.ContainerPart;
import io.bdpaas.backend.NodePlacement;
import io.bdpaas.backend.PlacementRequest;
import io.bdpaas.backend.TemplatePart;
import io.bdpaas.engine.EngineSecret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Planning the built-in products and reporting template errors, with no process started. */
class ClusterPlannerTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final ClusterPlanner planner =
      new ClusterPlanner(new TemplateRenderer(), TemplatePart.PROCESS);

  @Test
  void plansASparkClusterWithAllocatedPortsAndTheMasterUrlInEveryWorker() throws IOException {
    Product spark = builtin("spark-4.2.0", "template.json", TemplateFormat.JSON);
    Map<String, Object> options =
        spark.options().merge(JSON.readTree("{\"worker.cores\":2}"), "options").values();

    ClusterPlanner.Demand demand = planner.demand(spark, options, 2, context());
    ClusterPlan plan = plan(spark, options, 2, 30000);

    assertThat(demand.milliCores()).isEqualTo(500 + 2 * 2000);
    assertThat(demand.memoryMb()).isEqualTo(512 + 64 + 2 * (512 + 1024));
    assertThat(plan.nodes())
        .extracting(ClusterPlan.PlannedNode::name)
        .containsExactly("master-0", "worker-0", "worker-1");
    ClusterPlan.PlannedNode master = plan.nodes().get(0);
    ClusterPlan.PlannedNode worker = plan.nodes().get(2);
    assertThat(master.ports())
        .containsEntry("rpc", 30000)
        .containsEntry("ui", 30001)
        .containsEntry("rest", 30002);
    assertThat(worker.process().args())
        .contains(
            "spark://master-0.test:30000",
            "--host",
            "worker-1.test",
            "--cores",
            "2",
            "/data/clusters/c-12345678/worker-1/work");
    assertThat(worker.process().env()).containsEntry("SPARK_HOME", "/runtimes/spark-4.2.0");
    assertThat(master.process().jvmOptions()).contains("-Dspark.master.rest.port=30002");
    assertThat(worker.readiness().http()).isEqualTo("http://master-0.test:30001/json/");
    assertThat(worker.readiness().atLeast()).isEqualTo(2);
    assertThat(plan.endpoints()).containsEntry("master", "spark://master-0.test:30000");
    assertThat(worker.host()).isEqualTo("worker-1.test");
    assertThat(JSON.writeValueAsString(plan))
        .as("no address is written in the template: every one comes from the placement")
        .doesNotContain("127.0.0.1", "localhost");
    assertThat(plan.orchestrator())
        .as("the connect group's steps are there, for a group of no node")
        .hasSize(6);
    assertThat(plan.nodesOf("connect")).isEmpty();
  }

  @Test
  void aSparkClusterWithConnectRunsAConnectServerBoundToItsClientTokenAndStorage()
      throws IOException {
    Product spark = builtin("spark-4.2.0", "template.json", TemplateFormat.JSON);
    Map<String, Object> options =
        spark
            .options()
            .merge(JSON.readTree("{\"connect\":true,\"connect.cores\":1}"), "options")
            .values();
    ClusterPlanner.Context context =
        new ClusterPlanner.Context(
            "c-12345678",
            "sales",
            "alice",
            EngineSecret.generate("c-12345678"),
            "project-token-0123456789",
            "/data/storage/u7/p-abcdefgh");
    Map<String, NodePlacement> placements = new LinkedHashMap<>();
    int[] next = {32000};
    for (PlacementRequest request : planner.placementRequests(spark, options, 1, context, "u1")) {
      Map<String, Integer> ports = new LinkedHashMap<>();
      request.portNames().forEach(port -> ports.put(port, next[0]++));
      placements.put(
          request.node().nodeName(),
          new NodePlacement(
              request.node(),
              request.node().nodeName() + ".test",
              ports,
              "/data/clusters/c-12345678/" + request.node().nodeName(),
              "/runtimes/spark-4.2.0"));
    }

    ClusterPlan plan = planner.plan(spark, options, 1, context, placements);

    ClusterPlan.PlannedNode connect = plan.nodesOf("connect").get(0);
    String conf = connect.process().files().get("conf/spark-defaults.conf");
    assertThat(conf)
        .contains(
            "spark.connect.authenticate.token project-token-0123456789",
            "spark.cores.max 1",
            "spark.sql.catalogImplementation hive",
            "spark.sql.warehouse.dir /data/storage/u7/p-abcdefgh/warehouse",
            "databaseName=/data/storage/u7/p-abcdefgh/metastore",
            "spark.authenticate true",
            "spark.port.maxRetries 0")
        .doesNotContain("spark.blockManager.port"); // executors would take the driver's port
    assertThat(connect.process().args())
        .contains(
            "spark://master-0.test:32000",
            "org.apache.spark.sql.connect.service.SparkConnectServer",
            "spark-internal");
    assertThat(String.join(" ", connect.process().args()))
        .as("the token is in the node's private configuration, never on a command line")
        .doesNotContain("project-token");
    assertThat(connect.readiness().tcp())
        .isEqualTo("connect-0.test:" + connect.ports().get("grpc"));
    assertThat(plan.endpoints())
        .containsEntry("connect", "sc://connect-0.test:" + connect.ports().get("grpc"))
        .doesNotContainKey("connectExternal");
    assertThat(connect.container().expose()).isEqualTo(Map.of("grpc", "GRPC"));
    assertThat(plan.nodesOf("worker").get(0).process().env())
        .as(
            "executors and jar drivers on the workers read the project's files: on Kubernetes a"
                + " node mounts the storage its part names")
        .containsEntry("BDPAAS_STORAGE", "/data/storage/u7/p-abcdefgh");

    // Where the backend publishes exposed ports (Kubernetes with an ingress class), the Connect
    // server's outside address is an endpoint of its own.
    Map<String, NodePlacement> published = new LinkedHashMap<>();
    placements.forEach(
        (name, placement) ->
            published.put(
                name,
                new NodePlacement(
                    placement.node(),
                    placement.host(),
                    placement.ports(),
                    placement.workDir(),
                    placement.runtimeDir(),
                    Map.of("grpc", name + ".bdpaas.example.com:443"))));
    assertThat(planner.plan(spark, options, 1, context, published).endpoints())
        .containsEntry("connectExternal", "sc://connect-0.bdpaas.example.com:443")
        .containsEntry("connect", "sc://connect-0.test:" + connect.ports().get("grpc"));
  }

  @Test
  void anExposedPortMustBeOneOfTheGroupsPortsSpeakingAKnownProtocol() {
    Product broken =
        product(
            "nodeGroups:\n  - name: a\n    count: 1\n    cores: 1\n    memoryMb: 64\n"
                + "    ports: [web]\n    process: {mainClass: x.Y}\n"
                + "    container: {image: x, expose: {nope: HTTP, web: SOAP}}\n",
            TemplateFormat.YAML,
            List.of());

    BdpaasException failure =
        catchThrowableOfType(
            BdpaasException.class, () -> planner.demand(broken, Map.of(), 1, context()));

    assertThat(failure.problems())
        .extracting(Problem::field, Problem::message)
        .contains(
            tuple(
                "template.nodeGroups[0].container.expose.nope",
                "is not one of the group's ports [web]"),
            tuple("template.nodeGroups[0].container.expose.web", "must be one of [HTTP, GRPC]"));
  }

  @Test
  void plansAFlinkClusterFromItsYamlTemplate() throws IOException {
    Product flink = builtin("flink-2.3.0", "template.yaml", TemplateFormat.YAML);
    Map<String, Object> options = flink.options().defaults();

    ClusterPlan plan = plan(flink, options, 1, 31000);

    ClusterPlan.PlannedNode taskManager = plan.nodesOf("taskmanager").get(0);
    assertThat(taskManager.process().files().get("conf/config.yaml"))
        .contains(
            "jobmanager.rpc.address: jobmanager-0.test",
            "jobmanager.rpc.port: 31000",
            "taskmanager.host: taskmanager-0.test",
            "taskmanager.numberOfTaskSlots: 2",
            "taskmanager.resource-id: taskmanager-0");
    assertThat(taskManager.readiness().atLeast()).isEqualTo(2);
    assertThat(plan.endpoints()).containsEntry("rest", "https://jobmanager-0.test:31001/");
    // Mutual TLS with the cluster's own key store; its password only in the private config file.
    assertThat(taskManager.process().files().get("conf/config.yaml"))
        .contains(
            "security.ssl.rest.authentication-enabled: true",
            "security.ssl.internal.enabled: true",
            "security.ssl.internal.keystore-password: \"" + EngineSecret.SIZING.key() + "\"");
    assertThat(taskManager.process().base64Files()).containsKey("conf/cluster.p12");
    assertThat(taskManager.readiness().clientKeyStore()).isEqualTo(EngineSecret.SIZING.keyStore());
    for (ClusterPlan.PlannedNode node : plan.nodes()) {
      assertThat(node.process().jvmOptions() + " " + node.process().args())
          .doesNotContain(EngineSecret.SIZING.key());
    }
    assertThat(JSON.writeValueAsString(plan)).doesNotContain("127.0.0.1", "localhost");
  }

  @Test
  void onKubernetesEveryBuiltInNodeRunsItsProcessPartInTheProductsOfficialImage()
      throws IOException {
    ClusterPlanner kubernetes = new ClusterPlanner(new TemplateRenderer(), TemplatePart.CONTAINER);
    Product spark = builtin("spark-4.2.0", "template.json", TemplateFormat.JSON);
    Product flink = builtin("flink-2.3.0", "template.yaml", TemplateFormat.YAML);
    kubernetes.validate(spark);
    kubernetes.validate(flink);
    kubernetes.validate(builtin("hello-1.0.0", "template.yaml", TemplateFormat.YAML));

    ClusterPlan.PlannedNode worker =
        plan(spark, spark.options().merge(JSON.readTree("{}"), "options").values(), 1, 30000)
            .nodesOf("worker")
            .get(0);
    ContainerPart container = worker.container();
    assertThat(container.image()).isEqualTo("apache/spark:4.2.0");
    assertThat(container.command()).containsExactly("java");
    assertThat(container.args())
        .containsSubsequence(
            "-cp", "/runtimes/spark-4.2.0/jars/*", "org.apache.spark.deploy.worker.Worker")
        .endsWith(worker.process().args().toArray(String[]::new));
    assertThat(container.args()).containsAll(worker.process().jvmOptions());
    assertThat(container.files()).isEqualTo(worker.process().files());
    assertThat(container.env()).isEqualTo(worker.process().env());

    ClusterPlan.PlannedNode jobManager =
        plan(flink, flink.options().merge(JSON.readTree("{}"), "options").values(), 1, 30000)
            .nodesOf("jobmanager")
            .get(0);
    assertThat(jobManager.container().image()).isEqualTo("apache/flink:2.3.0-java17");
    assertThat(jobManager.container().base64Files()).containsKey("conf/cluster.p12");
    assertThat(jobManager.container().args())
        .contains(
            "/runtimes/flink-2.3.0/lib/*",
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
  }

  @Test
  void everyBuiltInProductValidates() throws IOException {
    planner.validate(builtin("spark-4.2.0", "template.json", TemplateFormat.JSON));
    planner.validate(builtin("flink-2.3.0", "template.yaml", TemplateFormat.YAML));
    planner.validate(builtin("hello-1.0.0", "template.yaml", TemplateFormat.YAML));
  }

  @Test
  void validationCatchesMisspeltVariables() {
    String template =
        "nodeGroups:\n  - name: a\n    count: 1\n    cores: 0.1\n    memoryMb: 64\n    ports: [http]\n"
            + "    process: {runtime: none, mainClass: A.java, args: [\"{{ node.prots.http }}\"]}\n";
    Product misspelt =
        product(
            template,
            TemplateFormat.YAML,
            List.of(new OrchestratorStep(OrchestratorStep.Action.START, "a")));

    BdpaasException failure =
        catchThrowableOfType(BdpaasException.class, () -> planner.validate(misspelt));

    assertThat(failure.problems())
        .extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).startsWith("line 7:").contains("prots"));
    planner.validate(
        product(template.replace("prots", "ports"), TemplateFormat.YAML, misspelt.orchestrator()));
    Product unknownOption =
        product(
            template.replace("{{ node.prots.http }}", "{{ opts['heap.szie'] }}"),
            TemplateFormat.YAML,
            misspelt.orchestrator());
    assertThat(
            catchThrowableOfType(BdpaasException.class, () -> planner.validate(unknownOption))
                .problems())
        .extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).contains("heap.szie"));
  }

  @Test
  void jinjaErrorsNameTheTemplateLine() {
    Product broken = product("{\n\"nodeGroups\": [\n{% for %}\n]}", TemplateFormat.JSON, List.of());

    BdpaasException failure =
        catchThrowableOfType(
            BdpaasException.class, () -> planner.demand(broken, Map.of(), 1, context()));

    assertThat(failure.problems())
        .extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).startsWith("line 3:"));
  }

  @Test
  void structureProblemsNameTheirPath() {
    Product broken =
        product(
            "nodeGroups:\n  - name: a\n    count: 1\n    cores: -1\n    memoryMb: 64\n    ports: [x, x]\n"
                + "  - name: a\n    count: 200\n    cores: 1\n    memoryMb: 64\n",
            TemplateFormat.YAML,
            List.of());

    BdpaasException failure =
        catchThrowableOfType(
            BdpaasException.class, () -> planner.demand(broken, Map.of(), 1, context()));

    assertThat(failure.problems())
        .extracting(Problem::field)
        .contains(
            "template.nodeGroups[0].cores",
            "template.nodeGroups[0].ports",
            "template.nodeGroups[0].process",
            "template.nodeGroups[1].name",
            "template.nodeGroups[1].count");
  }

  @Test
  void refusesANodeThatWouldReserveLessThanTheMinimumCores() throws IOException {
    Product hello = builtin("hello-1.0.0", "template.yaml", TemplateFormat.YAML);
    Map<String, Object> options =
        hello.options().merge(JSON.readTree("{\"node.cores\":0.0004}"), "options").values();

    BdpaasException failure =
        catchThrowableOfType(
            BdpaasException.class, () -> planner.demand(hello, options, 12, context()));

    assertThat(failure.problems())
        .anySatisfy(
            problem -> {
              assertThat(problem.field()).isEqualTo("template.nodeGroups[0].cores");
              assertThat(problem.message()).contains("at least 0.1").contains("0.0004");
            });
  }

  private static ClusterPlanner.Context context() {
    return new ClusterPlanner.Context("c-12345678", "test", "alice");
  }

  private static Product product(
      String template, TemplateFormat format, List<OrchestratorStep> steps) {
    return new Product(
        new ProductKey("test", "1"),
        "test",
        Optional.empty(),
        OptionsDocument.empty(),
        Optional.of(template),
        Optional.of(format),
        steps,
        false,
        Instant.now(),
        Instant.now());
  }

  private static Product builtin(String folder, String templateFile, TemplateFormat format)
      throws IOException {
    List<Problem> problems = new ArrayList<>();
    Product product =
        new Product(
            new ProductKey(
                folder.substring(0, folder.indexOf('-')),
                folder.substring(folder.indexOf('-') + 1)),
            "built in",
            Optional.empty(),
            JSON.readValue(resource(folder, "options.json"), OptionsDocument.class),
            Optional.of(resource(folder, templateFile)),
            Optional.of(format),
            OrchestratorStep.parse(JSON.readTree(resource(folder, "orchestrator.json")), problems),
            true,
            Instant.now(),
            Instant.now());
    assertThat(problems).isEmpty();
    return product;
  }

  private static String resource(String folder, String file) throws IOException {
    try (InputStream in =
        ClusterPlannerTest.class.getResourceAsStream("/products/" + folder + "/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Plans as a backend would after placing each node on a host of its own ({@code <node>.test}),
   * with sequential ports and a working directory under {@code /data/clusters}.
   */
  private ClusterPlan plan(Product product, Map<String, Object> options, int size, int firstPort) {
    int[] next = {firstPort};
    Map<String, NodePlacement> placements = new LinkedHashMap<>();
    for (PlacementRequest request :
        planner.placementRequests(product, options, size, context(), "u1")) {
      Map<String, Integer> ports = new LinkedHashMap<>();
      request.portNames().forEach(port -> ports.put(port, next[0]++));
      String node = request.node().nodeName();
      placements.put(
          node,
          new NodePlacement(
              request.node(),
              node + ".test",
              ports,
              "/data/clusters/c-12345678/" + node,
              request.runtime().map(runtime -> "/runtimes/" + runtime).orElse("")));
    }
    return planner.plan(product, options, size, context(), placements);
  }
}
