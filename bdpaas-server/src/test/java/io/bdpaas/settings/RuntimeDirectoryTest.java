package io.bdpaas.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeDirectoryTest {
  @TempDir Path root;

  @Test
  void usesTheConfiguredFolderWhenItHoldsRuntimes() throws IOException {
    Path runtimes = Files.createDirectories(root.resolve("runtime/spark-4.2.0")).getParent();

    assertThat(RuntimeDirectory.locate(runtimes, true, Optional.empty())).isEqualTo(runtimes);
  }

  @Test
  void findsTheDefaultFolderNextToTheServerJarWhenStartedElsewhere() throws IOException {
    Path serverHome = Files.createDirectories(root.resolve("bdpaas-server/target"));
    Path runtimes =
        Files.createDirectories(root.resolve("bdpaas-runtime/target/runtime/flink-2.3.0"))
            .getParent();

    Path found =
        RuntimeDirectory.locate(
            root.resolve("somewhere-else/bdpaas-runtime/target/runtime"),
            false,
            Optional.of(serverHome));

    assertThat(found).isEqualTo(runtimes);
  }

  @Test
  void refusesToStartWithoutRuntimesNamingTheSettingAndWhereItLooked() throws IOException {
    Path serverHome = Files.createDirectories(root.resolve("server"));
    Path missing = root.resolve("nowhere/runtime");

    InvalidSettingsException failure =
        catchThrowableOfType(
            InvalidSettingsException.class,
            () -> RuntimeDirectory.locate(missing, false, Optional.of(serverHome)));

    assertThat(failure.problems())
        .singleElement()
        .satisfies(
            problem ->
                assertThat(problem)
                    .startsWith("bdpaas.runtime-dir (env BDPAAS_RUNTIME_DIR): no engine runtimes")
                    .contains(missing.toString(), serverHome.resolve("runtime").toString())
                    .contains("set bdpaas.runtime-dir"));
  }

  @Test
  void aFolderTheUserNamedIsNeverReplacedByAnother() throws IOException {
    Path serverHome = Files.createDirectories(root.resolve("server"));
    Files.createDirectories(serverHome.resolve("runtime/spark-4.2.0"));
    Path empty = Files.createDirectories(root.resolve("empty"));

    InvalidSettingsException failure =
        catchThrowableOfType(
            InvalidSettingsException.class,
            () -> RuntimeDirectory.locate(empty, true, Optional.of(serverHome)));

    assertThat(failure.problems().get(0)).contains(empty + " has no engine runtimes");
  }
}
