package io.bdpaas.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsCatalogTest {

  @Test
  void bindsDefaultsWhenNothingIsGiven() {
    BdpaasSettings settings = SettingsCatalog.bind(Map.of(), Set.of()).orThrow();

    assertThat(settings.port()).isEqualTo(8080);
    assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(settings.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
    assertThat(settings.databaseUrl()).startsWith("jdbc:h2:file:").contains("/data/db/bdpaas");
    assertThat(settings.backend()).isEqualTo(BackendKind.LOCAL);
    assertThat(settings.maxRequestBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(settings.maxUploadBytes()).isEqualTo(256L * 1024 * 1024);
    assertThat(settings.uploads())
        .isEqualTo(new BdpaasSettings.Uploads(512L * 1024 * 1024, 64 * 1024, 8));
    assertThat(settings.secureCookies()).isTrue();
    assertThat(settings.adminPassword()).isEmpty();
  }

  @Test
  void bindsGivenValues() {
    BdpaasSettings settings =
        SettingsCatalog.bind(
                Map.of(
                    "bdpaas.port", "9090",
                    "bdpaas.backend", "LOCAL",
                    "bdpaas.database.url", "jdbc:postgresql://db:5432/bdpaas",
                    "bdpaas.upload.max-size", "2GB",
                    "bdpaas.http.secure-cookies", "off",
                    "bdpaas.quota.default-cores", "16"),
                Set.of())
            .orThrow();

    assertThat(settings.port()).isEqualTo(9090);
    assertThat(settings.backend()).isEqualTo(BackendKind.LOCAL);
    assertThat(settings.databaseUrl()).isEqualTo("jdbc:postgresql://db:5432/bdpaas");
    assertThat(settings.maxUploadBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(settings.secureCookies()).isFalse();
    assertThat(settings.defaultQuota().cores()).isEqualTo(16);
  }

  @Test
  void reportsEveryProblemAtOnce() {
    SettingsCatalog.Binding binding =
        SettingsCatalog.bind(
            Map.of(
                "bdpaas.port", "eighty",
                "bdpaas.backend", "mesos",
                "bdpaas.api.max-request-body", "lots",
                "bdpaas.admin.password", "short",
                "bdpaas.database.url", "jdbc:mysql://x"),
            Set.of("bdpaas.prot"));

    assertThat(binding.settings()).isEmpty();
    assertThat(binding.problems())
        .containsExactlyInAnyOrder(
            "bdpaas.prot: unknown setting (did you mean bdpaas.port?)",
            "bdpaas.port (env BDPAAS_PORT): must be a whole number, got 'eighty'",
            "bdpaas.backend (env BDPAAS_BACKEND): must be one of local, kubernetes, got 'mesos'",
            "bdpaas.api.max-request-body (env BDPAAS_API_MAX_REQUEST_BODY): must be a size such as"
                + " 512KB, 10MB or 1GB, got 'lots'",
            "bdpaas.admin.password (env BDPAAS_ADMIN_PASSWORD): must be empty or at least 12"
                + " characters, got (hidden)",
            "bdpaas.database.url (env BDPAAS_DATABASE_URL): must be empty, a jdbc:h2: or a"
                + " jdbc:postgresql: URL, got 'jdbc:mysql://x'");
    assertThatThrownBy(binding::orThrow)
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageStartingWith("6 invalid settings:");
  }

  @Test
  void rejectsOutOfRangeNumbers() {
    assertThat(
            SettingsCatalog.bind(
                    Map.of("bdpaas.port", "70000", "bdpaas.quota.default-projects", "-1"), Set.of())
                .problems())
        .containsExactlyInAnyOrder(
            "bdpaas.port (env BDPAAS_PORT): must be between 0 and 65535, got '70000'",
            "bdpaas.quota.default-projects (env BDPAAS_QUOTA_DEFAULT_PROJECTS): must be between 0"
                + " and 100000, got '-1'");
  }

  @Test
  void namesTheEnvironmentVariableOfEverySetting() {
    assertThat(SettingsCatalog.DATA_DIR.environmentVariable()).isEqualTo("BDPAAS_DATA_DIR");
    assertThat(SettingsCatalog.MAX_REQUEST_BODY.environmentVariable())
        .isEqualTo("BDPAAS_API_MAX_REQUEST_BODY");
    assertThat(SettingsCatalog.all())
        .allSatisfy(
            setting -> {
              assertThat(setting.description()).endsWith(".");
              assertThat(setting.defaultValue()).isPresent();
            });
  }

  @Test
  void neverPrintsSecrets() {
    BdpaasSettings settings =
        SettingsCatalog.bind(
                Map.of(
                    "bdpaas.database.password", "db-secret-value",
                    "bdpaas.admin.password", "admin-secret-value"),
                Set.of())
            .orThrow();

    assertThat(settings.toString()).doesNotContain("secret-value");
  }

  @Test
  void derivesFrameworkPropertiesFromTheCatalog() {
    BdpaasSettings settings =
        SettingsCatalog.bind(Map.of("bdpaas.port", "9191"), Set.of()).orThrow();

    Map<String, Object> derived = SettingsEnvironmentPostProcessor.derive(settings);

    assertThat(derived)
        .containsEntry("server.port", 9191)
        .containsEntry("spring.datasource.url", settings.databaseUrl())
        .containsEntry("server.servlet.session.cookie.secure", true)
        .containsEntry("server.servlet.session.cookie.http-only", true)
        .containsEntry("server.servlet.session.cookie.same-site", "lax");
  }

  @Test
  void theKubernetesBackendsSettingsAreCheckedAsKubernetesWouldCheckThem() {
    SettingsCatalog.Binding binding =
        SettingsCatalog.bind(
            Map.of(
                "bdpaas.backend", "kubernetes",
                "bdpaas.kubernetes.namespace", "BDPaaS",
                "bdpaas.kubernetes.namespace-prefix", "p".repeat(31),
                "bdpaas.kubernetes.storage-size", "ten gigs",
                "bdpaas.kubernetes.node-access", "vpn",
                "bdpaas.kubernetes.ingress-class", "nginx"),
            Set.of());

    assertThat(binding.problems())
        .containsExactlyInAnyOrder(
            "bdpaas.kubernetes.namespace (env BDPAAS_KUBERNETES_NAMESPACE): must be 1 to 63"
                + " lower-case letters, digits or '-', starting and ending with a letter or digit,"
                + " got 'BDPaaS'",
            "bdpaas.kubernetes.namespace-prefix (env BDPAAS_KUBERNETES_NAMESPACE_PREFIX): must be"
                + " at most 30 characters, got '"
                + "p".repeat(31)
                + "'",
            "bdpaas.kubernetes.storage-size (env BDPAAS_KUBERNETES_STORAGE_SIZE): must be a"
                + " Kubernetes quantity such as 10Gi or 500Mi, got 'ten gigs'",
            "bdpaas.kubernetes.node-access (env BDPAAS_KUBERNETES_NODE_ACCESS): must be one of"
                + " auto, cluster-dns, port-forward, got 'vpn'",
            "bdpaas.kubernetes.ingress-domain (env BDPAAS_KUBERNETES_INGRESS_DOMAIN): is required"
                + " with bdpaas.kubernetes.ingress-class 'nginx': the published ports' hosts are"
                + " under it");

    var settings =
        SettingsCatalog.bind(
                Map.of(
                    "bdpaas.backend", "kubernetes",
                    "bdpaas.kubernetes.images",
                        "apache/spark:4.2.0=registry.example.com/spark:4.2.0,"
                            + " apache/flink:2.3.0-java17=registry.example.com/flink:2.3.0",
                    "bdpaas.kubernetes.storage-class", "nfs-client",
                    "bdpaas.kubernetes.node-access", "port-forward",
                    "bdpaas.kubernetes.ingress-class", "nginx",
                    "bdpaas.kubernetes.ingress-domain", "bdpaas.example.com"),
                Set.of())
            .orThrow();
    assertThat(settings.backend()).isEqualTo(BackendKind.KUBERNETES);
    assertThat(settings.kubernetes().images())
        .containsEntry("apache/spark:4.2.0", "registry.example.com/spark:4.2.0")
        .containsEntry("apache/flink:2.3.0-java17", "registry.example.com/flink:2.3.0");
    assertThat(settings.kubernetes().storageClass()).contains("nfs-client");
    assertThat(settings.kubernetes().namespace()).isEqualTo("bdpaas");
    assertThat(settings.kubernetes().kubeconfig()).isEmpty();
    assertThat(settings.kubernetes().nodeAccess())
        .isEqualTo(BdpaasSettings.Kubernetes.NodeAccess.PORT_FORWARD);
    assertThat(settings.kubernetes().ingress())
        .contains(
            new BdpaasSettings.Kubernetes.Ingress("nginx", "bdpaas.example.com", "ingress-nginx"));
    BdpaasSettings defaults = SettingsCatalog.bind(Map.of(), Set.of()).orThrow();
    assertThat(defaults.kubernetes().nodeAccess())
        .isEqualTo(BdpaasSettings.Kubernetes.NodeAccess.AUTO);
    assertThat(defaults.kubernetes().ingress()).isEmpty();
    assertThat(defaults.kubernetes().filesImage())
        .as("the control plane's own image, as the build names it")
        .matches("bdpaas/bdpaas-server:[0-9][A-Za-z0-9.-]*");
    assertThat(
            SettingsCatalog.bind(
                    Map.of("bdpaas.kubernetes.files-image", "registry.example/bdpaas:1"), Set.of())
                .orThrow()
                .kubernetes()
                .filesImage())
        .isEqualTo("registry.example/bdpaas:1");
  }
}
