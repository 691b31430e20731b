package io.bdpaas.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.backend.kubernetes.KubernetesBackendSettings;
import io.bdpaas.backend.kubernetes.KubernetesImages;
import io.bdpaas.backend.kubernetes.NodeObjects;
import io.bdpaas.backend.kubernetes.StorageObjects;
import io.bdpaas.backend.kubernetes.TenantObjects;
import io.bdpaas.backend.kubernetes.TenantQuota;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart rendered by Helm itself ({@code helm template}, Helm from {@code BDPAAS_HELM}, the
 * {@code PATH}, or where {@code .ci/helm.sh} puts it) and its manifests checked: the control plane
 * with the Kubernetes backend selected, its probes and resources, PostgreSQL, the ingress, and RBAC
 * that grants exactly what the backend's objects need.
 */
class HelmChartIT {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @Test
  void theDefaultReleaseRunsTheControlPlaneOnTheKubernetesBackendWithPostgresql() throws Exception {
    List<HasMetadata> objects = render();

    assertThat(objects)
        .extracting(object -> object.getKind() + "/" + object.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "ServiceAccount/rel-bdpaas",
            "ClusterRole/rel-bdpaas-backend",
            "ClusterRoleBinding/rel-bdpaas-backend",
            "Deployment/rel-bdpaas",
            "Service/rel-bdpaas",
            "PersistentVolumeClaim/rel-bdpaas-data",
            "Secret/rel-bdpaas-database",
            "StatefulSet/rel-bdpaas-postgresql",
            "Service/rel-bdpaas-postgresql",
            "NetworkPolicy/rel-bdpaas-postgresql");
    Deployment deployment = only(objects, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("rel-bdpaas");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    Container container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("bdpaas/bdpaas-server:0.1.0-SNAPSHOT");
    Map<String, EnvVar> env = new java.util.HashMap<>();
    container.getEnv().forEach(variable -> env.put(variable.getName(), variable));
    assertThat(env.get("BDPAAS_BACKEND").getValue()).isEqualTo("kubernetes");
    assertThat(env.get("BDPAAS_KUBERNETES_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env.get("BDPAAS_DATABASE_URL").getValue())
        .isEqualTo("jdbc:postgresql://rel-bdpaas-postgresql:5432/bdpaas");
    assertThat(env.get("BDPAAS_DATABASE_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("rel-bdpaas-database");
    assertThat(env).doesNotContainKey("BDPAAS_ADMIN_PASSWORD");
    assertThat(env.get("BDPAAS_KUBERNETES_NODE_ACCESS").getValue()).isEqualTo("cluster-dns");
    assertThat(env.get("BDPAAS_KUBERNETES_FILES_IMAGE").getValue())
        .as("a project's file service runs the control plane's own image")
        .isEqualTo(container.getImage());
    assertThat(env).doesNotContainKey("BDPAAS_KUBERNETES_INGRESS_CLASS");
    assertThat(container.getLivenessProbe().getHttpGet().getPath())
        .isEqualTo("/actuator/health/liveness");
    assertThat(container.getReadinessProbe().getHttpGet().getPath())
        .isEqualTo("/actuator/health/readiness");
    assertThat(container.getStartupProbe()).isNotNull();
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();

    ClusterRoleBinding binding = only(objects, ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo("rel-bdpaas-backend");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getName()).isEqualTo("rel-bdpaas");
              assertThat(subject.getNamespace()).isEqualTo("bdpaas-system");
            });
  }

  @Test
  void theBackendsRoleGrantsWhatItsObjectsNeedAndNothingThatEscalates() throws Exception {
    ClusterRole role = only(render(), ClusterRole.class);
    Set<String> granted = new HashSet<>();
    for (PolicyRule rule : role.getRules()) {
      assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
      assertThat(rule.getResources()).doesNotContain("*", "pods/exec", "pods/attach", "roles");
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    // Every kind the backend applies is created and patched (server-side apply), watched and
    // deleted with its cluster.
    List<HasMetadata> applied = new ArrayList<>();
    TenantObjects tenant =
        new TenantObjects(
            new io.bdpaas.backend.kubernetes.KubernetesNames("bdpaas", "cluster.local"), "bdpaas");
    applied.addAll(tenant.all("u1", new TenantQuota(1, 1024)));
    NodeObjects nodes =
        new NodeObjects(
            new io.bdpaas.backend.kubernetes.KubernetesNames("bdpaas", "cluster.local"),
            KubernetesImages.official());
    var anchor = nodes.anchor("u1", "c-12345678");
    OwnerReference owner = NodeObjects.ownedBy(anchor);
    var node = TestNode.worker();
    applied.addAll(
        List.of(
            anchor,
            nodes.files(node, owner),
            nodes.groupService(node, owner),
            nodes.statefulSet(node, owner)));
    applied.addAll(
        nodes.exposure(
            TestNode.connect(),
            owner,
            new KubernetesBackendSettings.Ingress("nginx", "example.com", "ingress-nginx")));
    assertThat(applied).extracting(HasMetadata::getKind).contains("Ingress");
    applied.addAll(
        new StorageObjects(
                new io.bdpaas.backend.kubernetes.KubernetesNames("bdpaas", "cluster.local"),
                "bdpaas",
                "bdpaas/bdpaas-server:0.1.0-SNAPSHOT")
            .all("u1", "p-1", "token"));
    for (HasMetadata object : applied) {
      String resource = group(object) + "/" + plural(object);
      assertThat(granted)
          .as("the backend applies %s", object.getKind())
          .contains(resource + ":create", resource + ":patch", resource + ":get");
    }
    // A node's and a cluster's objects are deleted by their labels.
    for (String resource :
        List.of(
            "apps/statefulsets",
            "/pods",
            "/services",
            "/secrets",
            "/configmaps",
            "networking.k8s.io/ingresses",
            "networking.k8s.io/networkpolicies")) {
      assertThat(granted).contains(resource + ":deletecollection");
    }
    assertThat(granted)
        .contains(
            "/pods:watch",
            "/pods:create", // dry-run admission of a node's first pod
            "/pods/log:get",
            "/events:watch",
            "apps/statefulsets:watch",
            "apps/statefulsets:delete",
            "/persistentvolumeclaims:create",
            "metrics.k8s.io/pods:get")
        .doesNotContain("/namespaces:delete", "/nodes:get", "/pods:patch");
  }

  @Test
  void anIngressWithTlsAndAnExternalDatabaseAreOneValueAway() throws Exception {
    List<HasMetadata> objects =
        render(
            "--set", "ingress.enabled=true",
            "--set", "ingress.className=nginx",
            "--set", "ingress.host=data.example.com",
            "--set", "ingress.tls.enabled=true",
            "--set", "ingress.tls.secretName=data-tls",
            "--set", "postgresql.enabled=false",
            "--set", "postgresql.externalUrl=jdbc:postgresql://db.example.com:5432/bdpaas",
            "--set", "postgresql.externalSecret=bdpaas-db",
            "--set", "platform.adminPassword=correct-horse-battery");
    Ingress ingress = only(objects, Ingress.class);
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("data-tls");
    var rule = ingress.getSpec().getRules().get(0);
    assertThat(rule.getHost()).isEqualTo("data.example.com");
    assertThat(rule.getHttp().getPaths().get(0).getBackend().getService().getName())
        .isEqualTo("rel-bdpaas");
    assertThat(objects).noneMatch(object -> object.getKind().equals("StatefulSet"));
    Container container =
        only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getEnv())
        .anySatisfy(
            variable -> {
              assertThat(variable.getName()).isEqualTo("BDPAAS_DATABASE_URL");
              assertThat(variable.getValue())
                  .isEqualTo("jdbc:postgresql://db.example.com:5432/bdpaas");
            })
        .anySatisfy(
            variable -> {
              assertThat(variable.getName()).isEqualTo("BDPAAS_DATABASE_USER");
              assertThat(variable.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo("bdpaas-db");
            })
        .anySatisfy(variable -> assertThat(variable.getName()).isEqualTo("BDPAAS_ADMIN_PASSWORD"));
  }

  @Test
  void publishingProjectsConnectServersIsAClassAndADomainAway() throws Exception {
    Container container =
        only(
                render(
                    "--set", "platform.kubernetes.publish.className=nginx",
                    "--set", "platform.kubernetes.publish.domain=spark.example.com"),
                Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    Map<String, String> env = new java.util.HashMap<>();
    container.getEnv().forEach(variable -> env.put(variable.getName(), variable.getValue()));
    assertThat(env)
        .containsEntry("BDPAAS_KUBERNETES_INGRESS_CLASS", "nginx")
        .containsEntry("BDPAAS_KUBERNETES_INGRESS_DOMAIN", "spark.example.com")
        .containsEntry("BDPAAS_KUBERNETES_INGRESS_NAMESPACE", "ingress-nginx");

    Helm.Rendered noDomain = Helm.template("--set", "platform.kubernetes.publish.className=nginx");
    assertThat(noDomain.exitCode()).isNotZero();
    assertThat(noDomain.errors())
        .contains(
            "platform.kubernetes.publish.domain is required with"
                + " platform.kubernetes.publish.className");
  }

  @Test
  void anExternalDatabaseWithoutItsUrlIsRefusedSayingWhatIsMissing() throws Exception {
    Helm.Rendered rendered = Helm.template("--set", "postgresql.enabled=false");
    assertThat(rendered.exitCode()).isNotZero();
    assertThat(rendered.errors())
        .contains("postgresql.externalUrl is required when postgresql.enabled is false");
  }

  private static List<HasMetadata> render(String... values) throws Exception {
    Helm.Rendered rendered = Helm.template(values);
    assertThat(rendered.exitCode()).as(rendered.errors()).isZero();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : rendered.output().split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
        objects.add(YAML.unmarshal(document, HasMetadata.class));
      }
    }
    return objects;
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matching).as(type.getSimpleName()).hasSize(1);
    return matching.get(0);
  }

  private static String group(HasMetadata object) {
    String apiVersion = object.getApiVersion();
    return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
  }

  private static String plural(HasMetadata object) {
    String kind = object.getKind().toLowerCase(Locale.ROOT);
    if (kind.endsWith("y")) {
      return kind.substring(0, kind.length() - 1) + "ies";
    }
    return kind.endsWith("s") ? kind + "es" : kind + "s";
  }
}
