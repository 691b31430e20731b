package io.bdpaas.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.TestServer;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole control plane on the Kubernetes backend ({@code bdpaas.backend=kubernetes}), against a
 * real kube-apiserver 1.20 and etcd ({@link RealApiServer}) and connected as a user that has only
 * the Helm chart's ClusterRole: a cluster created through the REST API becomes objects in its
 * tenant's namespace; one that Kubernetes' quota admission refuses fails with that reason in its
 * status; destroying clusters leaves none of their objects.
 *
 * <p>No controller manager, scheduler or kubelet runs, so no pod is ever made or started: the first
 * cluster stays {@code configuring} (its readiness check cannot reach a node), and the quota's
 * usage is written by the test as the quota controller would write it.
 */
class KubernetesBackendIT {
  @Test
  void clustersBecomeTenantObjectsAndKubernetesQuotaRefusalsFailThemWithTheReason()
      throws Exception {
    Path work =
        Files.createTempDirectory(
            Files.createDirectories(Path.of("target", "kubernetes-backend-it")).toAbsolutePath(),
            "run-");
    try (RealApiServer kubernetes = RealApiServer.start(work);
        KubernetesClient admin = kubernetes.admin()) {
      kubernetes.grantBackendTheChartsRole();
      Path kubeconfig = kubernetes.writeBackendKubeconfig(work.resolve("kubeconfig"));
      try (TestServer server =
          TestServer.start(
              Map.of(
                  "bdpaas.http.secure-cookies", "false",
                  "bdpaas.backend", "kubernetes",
                  "bdpaas.kubernetes.kubeconfig", kubeconfig.toString(),
                  "bdpaas.kubernetes.namespace", "bdpaas-system"))) {
        ApiClient client = server.admin();
        String namespace = "bdpaas--u1--bdpaas-u";

        String first =
            Clusters.create(client, "{\"product\":\"hello\",\"version\":\"1.0.0\",\"size\":1}");
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () ->
                    admin
                            .apps()
                            .statefulSets()
                            .inNamespace(namespace)
                            .withName(first + "-node-0")
                            .get()
                        != null);
        StatefulSet node =
            admin.apps().statefulSets().inNamespace(namespace).withName(first + "-node-0").get();
        var container = node.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("eclipse-temurin:17-jdk");
        assertThat(container.getCommand()).containsExactly("java");
        assertThat(container.getArgs()).contains("HelloNode.java");
        assertThat(node.getMetadata().getLabels()).containsEntry("bdpaas.io/tenant", "u1");
        JsonNode configuring = client.get("/api/v1/clusters/" + first).expectStatus(200).json();
        assertThat(configuring.get("status").asString()).isEqualTo("configuring");

        // What the quota controller would write if the tenant's namespace were full: the platform's
        // own accounting still has room, Kubernetes' admission does not.
        ResourceQuota quota =
            admin.resourceQuotas().inNamespace(namespace).withName("bdpaas-quota").get();
        quota.setStatus(
            new ResourceQuotaStatusBuilder()
                .withHard(quota.getSpec().getHard())
                .withUsed(quota.getSpec().getHard())
                .build());
        admin.resourceQuotas().inNamespace(namespace).resource(quota).updateStatus();
        String second =
            Clusters.create(client, "{\"product\":\"hello\",\"version\":\"1.0.0\",\"size\":1}");
        JsonNode failed = Clusters.awaitStatus(client, second, "failed", Duration.ofMinutes(1));
        assertThat(failed.get("statusReason").asString())
            .contains("node node-0 could not be started")
            .contains("the tenant's quota is used up")
            .contains("exceeded quota: bdpaas-quota");
        assertThat(
                admin
                    .apps()
                    .statefulSets()
                    .inNamespace(namespace)
                    .withName(second + "-node-0")
                    .get())
            .isNull();

        // A Spark project: its storage gets its file service, which no kubelet runs here, so its
        // files are unavailable for now, with the reason; deleting the project removes both.
        String project =
            client
                .post(
                    "/api/v1/projects",
                    "{\"name\":\"sales\",\"workers\":1,\"workerCores\":1,\"connectCores\":1}")
                .expectStatus(202)
                .json()
                .get("id")
                .asString();
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () ->
                    !admin
                        .apps()
                        .statefulSets()
                        .inNamespace(namespace)
                        .withLabel("bdpaas.io/files")
                        .list()
                        .getItems()
                        .isEmpty());
        JsonNode unavailable =
            client
                .get("/api/v1/projects/" + project + "/files")
                .expectProblem(503, "STORAGE_UNAVAILABLE");
        assertThat(unavailable.get("detail").asString()).contains("retry shortly");
        client.delete("/api/v1/projects/" + project).expectStatus(204);
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () ->
                    admin
                        .apps()
                        .statefulSets()
                        .inNamespace(namespace)
                        .withLabel("bdpaas.io/files")
                        .list()
                        .getItems()
                        .isEmpty());

        client.delete("/api/v1/clusters/" + first).expectStatus(202);
        client.delete("/api/v1/clusters/" + second).expectStatus(202);
        Clusters.awaitStatus(client, first, "destroyed", Duration.ofMinutes(1));
        Clusters.awaitStatus(client, second, "destroyed", Duration.ofMinutes(1));
        assertThat(admin.apps().statefulSets().inNamespace(namespace).list().getItems()).isEmpty();
        assertThat(
                admin
                    .secrets()
                    .inNamespace(namespace)
                    .withLabel("app.kubernetes.io/managed-by", "bdpaas")
                    .list()
                    .getItems())
            .isEmpty();
        assertThat(
                admin
                    .configMaps()
                    .inNamespace(namespace)
                    .withLabel("app.kubernetes.io/managed-by", "bdpaas")
                    .list()
                    .getItems())
            .isEmpty();
        assertThat(admin.services().inNamespace(namespace).list().getItems()).isEmpty();
      }
    }
  }
}
