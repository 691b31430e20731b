package io.bdpaas.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.bdpaas.BdpaasApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

/** Start-up stops before anything starts when settings are bad, naming every problem. */
class InvalidSettingsStartupTest {

  @Test
  void badSettingsStopStartupNamingEveryProblem() {
    SpringApplication application = new SpringApplication(BdpaasApplication.class);

    Throwable failure =
        catchThrowable(
            () ->
                application.run(
                    "--bdpaas.port=not-a-port",
                    "--bdpaas.backend=yarn",
                    "--bdpaas.quota.default-cores=many",
                    "--bdpaas.data-dri=/tmp/x"));

    assertThat(failure).isInstanceOf(InvalidSettingsException.class);
    assertThat(((InvalidSettingsException) failure).problems())
        .hasSize(4)
        .anySatisfy(problem -> assertThat(problem).startsWith("bdpaas.port"))
        .anySatisfy(problem -> assertThat(problem).startsWith("bdpaas.backend"))
        .anySatisfy(problem -> assertThat(problem).startsWith("bdpaas.quota.default-cores"))
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .isEqualTo("bdpaas.data-dri: unknown setting (did you mean bdpaas.data-dir?)"));
  }

  @Test
  void theKubernetesBackendWithAKubeconfigThatIsNotThereStopsStartUpSayingSo() {
    SpringApplication application = new SpringApplication(BdpaasApplication.class);

    Throwable failure =
        catchThrowable(
            () ->
                application.run(
                    "--bdpaas.backend=kubernetes",
                    "--bdpaas.kubernetes.kubeconfig=/no/such/kubeconfig",
                    "--bdpaas.kubernetes.images=apache/spark:4.2.0",
                    "--bdpaas.port=0"));

    assertThat(failure).isInstanceOf(InvalidSettingsException.class);
    assertThat(((InvalidSettingsException) failure).problems())
        .containsExactly(
            "bdpaas.kubernetes.kubeconfig (env BDPAAS_KUBERNETES_KUBECONFIG): must be empty or an"
                + " existing file: /no/such/kubeconfig, got '/no/such/kubeconfig'",
            "bdpaas.kubernetes.images (env BDPAAS_KUBERNETES_IMAGES): must be image=image pairs"
                + " separated by commas; 'apache/spark:4.2.0' is not one, got"
                + " 'apache/spark:4.2.0'");
  }

  @Test
  void aServerWithoutEngineRuntimesRefusesToStartSayingWhatToSet() {
    SpringApplication application = new SpringApplication(BdpaasApplication.class);

    Throwable failure =
        catchThrowable(
            () ->
                application.run("--bdpaas.runtime-dir=/no/such/runtime-folder", "--bdpaas.port=0"));

    assertThat(failure).isInstanceOf(InvalidSettingsException.class);
    assertThat(((InvalidSettingsException) failure).problems())
        .containsExactly(
            "bdpaas.runtime-dir (env BDPAAS_RUNTIME_DIR): /no/such/runtime-folder has no engine"
                + " runtimes. Spark and Flink cluster nodes start from this folder (it holds"
                + " spark-4.2.0/ and flink-2.3.0/; the build assembles it in"
                + " bdpaas-runtime/target/runtime). Start the server from the repository root,"
                + " or set bdpaas.runtime-dir to that folder.");
  }
}
