package io.bdpaas.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.backend.NodeId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSpecTest {
  private static final NodeId ID = new NodeId("c1", "worker-1");

  private static NodeSpec.Builder valid() {
    return NodeSpec.builder(ID, "worker")
        .runtimeDirectory(Path.of("/opt/runtime/spark"))
        .classpath(Path.of("/opt/runtime/spark/jars/*"))
        .mainClass("org.example.Main")
        .workingDirectory(Path.of("/data/c1/worker-1/work"))
        .jvmOption("-Xmx512m")
        .arguments("--port", "7077")
        .environment("SPARK_HOME", "/opt/runtime/spark")
        .port("rpc", 7077)
        .port("ui", 8080)
        .file("conf/app.properties", "a=b\n");
  }

  @Test
  void buildsAValidSpecAndExposesItsPortsAndMarker() {
    NodeSpec spec = valid().build();

    assertThat(spec.port("rpc")).isEqualTo(7077);
    assertThat(spec.markerOption()).isEqualTo("-Dbdpaas.node=c1/worker-1");
    assertThat(spec.files()).containsEntry("conf/app.properties", "a=b\n");
    assertThatThrownBy(() -> spec.port("rest")).hasMessageContaining("no port named rest");
  }

  @Test
  void copiesCollectionsSoLaterChangesDoNotLeakIn() {
    List<String> options = new java.util.ArrayList<>(List.of("-Xmx1g"));
    NodeSpec spec =
        new NodeSpec(
            ID,
            "worker",
            Path.of("/r"),
            List.of(Path.of("/r/*")),
            "Main",
            options,
            List.of(),
            Map.of(),
            Path.of("/w"),
            Map.of(),
            Map.of(),
            Map.of(),
            java.util.Optional.empty());
    options.add("-Xmx2g");

    assertThat(spec.jvmOptions()).containsExactly("-Xmx1g");
  }

  @Test
  void rejectsRelativeDirectories() {
    assertThatThrownBy(() -> valid().workingDirectory(Path.of("work")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workingDirectory must be absolute");
    assertThatThrownBy(() -> valid().runtimeDirectory(Path.of("runtime")).build())
        .hasMessageContaining("runtimeDirectory must be absolute");
  }

  @Test
  void rejectsAnEmptyClasspathAndBadMainClass() {
    assertThatThrownBy(
            () ->
                NodeSpec.builder(ID, "worker")
                    .runtimeDirectory(Path.of("/r"))
                    .mainClass("Main")
                    .workingDirectory(Path.of("/w"))
                    .build())
        .hasMessageContaining("classpath is empty");
    assertThatThrownBy(() -> valid().mainClass("not a class").build())
        .hasMessageContaining("mainClass is not a class name");
  }

  @Test
  void reservesTheMarkerForTheSupervisor() {
    assertThatThrownBy(() -> valid().jvmOption("-Dbdpaas.node=other/node").build())
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> valid().environment("BDPAAS_NODE", "other/node").build())
        .hasMessageContaining("reserved");
  }

  @Test
  void rejectsJvmOptionsThatAreNotOptions() {
    assertThatThrownBy(() -> valid().jvmOption("Xmx1g").build())
        .hasMessageContaining("must start with '-'");
    assertThatThrownBy(() -> valid().jvmOption("-cp").build()).hasMessageContaining("classpath");
  }

  @Test
  void rejectsBadPorts() {
    assertThatThrownBy(() -> valid().port("rest", 7077).build()).hasMessageContaining("used twice");
    assertThatThrownBy(() -> valid().port("rest", 70000).build())
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> valid().port("Bad Name", 1234).build())
        .hasMessageContaining("bad port name");
  }

  @Test
  void rejectsFilesOutsideTheWorkingDirectory() {
    assertThatThrownBy(() -> valid().file("../escape.txt", "x").build())
        .hasMessageContaining("stay inside it");
    assertThatThrownBy(() -> valid().file("/etc/passwd", "x").build())
        .hasMessageContaining("stay inside it");
    assertThatThrownBy(() -> valid().file("conf/../../x", "x").build())
        .hasMessageContaining("stay inside it");
  }

  @Test
  void rejectsBadRoleAndEnvironmentNames() {
    assertThatThrownBy(() -> NodeSpec.builder(ID, "Worker").build()).hasMessageContaining("role");
    assertThatThrownBy(() -> valid().environment("1BAD", "x").build())
        .hasMessageContaining("bad environment variable name");
  }
}
