package io.bdpaas.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.backend.NodeDefinition;
import io.bdpaas.backend.NodeEventListener;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodePlacement;
import io.bdpaas.backend.PlacementRequest;
import io.bdpaas.backend.PlacementUnavailableException;
import io.bdpaas.backend.ProcessPart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Placement and checks of the local backend, with no process started. */
class LocalClusterBackendTest {
  private final Path data = temporaryDirectory();
  private final PortAllocator ports = new PortAllocator(41000, 41005);
  private final LocalClusterBackend backend =
      new LocalClusterBackend(
          LocalSupervisorConfig.defaults(data.resolve("clusters")),
          data.resolve("runtime"),
          "127.0.0.1",
          ports,
          NodeEventListener.NONE);

  @AfterEach
  void close() throws IOException {
    backend.close();
    try (Stream<Path> paths = Files.walk(data)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  @Test
  void aPlacedNodeKeepsItsPortsAndOnlyAMissingPortNameGetsANewOne() {
    NodeId master = new NodeId("c-abcdefgh", "master-0");
    NodePlacement first = single(backend.place(List.of(request(master, "rpc", "ui"))));

    NodePlacement again = single(backend.place(List.of(request(master, "rpc", "ui", "rest"))));

    assertThat(first.host()).isEqualTo("127.0.0.1");
    assertThat(first.workDir()).endsWith("clusters/c-abcdefgh/master-0");
    assertThat(again.ports())
        .containsEntry("rpc", first.ports().get("rpc"))
        .containsEntry("ui", first.ports().get("ui"))
        .containsKey("rest");
    assertThat(again.ports().values()).doesNotHaveDuplicates();
  }

  @Test
  void noRoomToPlaceIsReportedAsWorthWaitingForAndLeaksNoPort() {
    backend.place(List.of(request(new NodeId("c-abcdefgh", "a-0"), "p1", "p2", "p3", "p4")));

    assertThatThrownBy(
            () ->
                backend.place(
                    List.of(
                        request(new NodeId("c-bbbbbbbb", "b-0"), "p1"),
                        request(new NodeId("c-bbbbbbbb", "b-1"), "p1", "p2"))))
        .isInstanceOf(PlacementUnavailableException.class);

    // The 2 ports left were not kept by the half-placed request: a node needing 2 still fits.
    assertThat(
            single(backend.place(List.of(request(new NodeId("c-cccccccc", "c-0"), "x", "y"))))
                .ports())
        .hasSize(2);
  }

  @Test
  void deleteGivesBackEveryPortOfTheCluster() {
    backend.place(List.of(request(new NodeId("c-abcdefgh", "a-0"), "p1", "p2", "p3", "p4", "p5")));
    backend.delete("c-abcdefgh");

    assertThat(
            single(backend.place(List.of(request(new NodeId("c-bbbbbbbb", "b-0"), "1", "2", "3"))))
                .ports())
        .hasSize(3);
  }

  @Test
  void leftoversOfADeletedClusterAreRemovedAndNoOtherClusters() throws IOException {
    NodePlacement deleted =
        single(backend.place(List.of(request(new NodeId("c-abcdefgh", "a-0"), "p1"))));
    NodePlacement kept =
        single(backend.place(List.of(request(new NodeId("c-bbbbbbbb", "b-0"), "p1"))));
    for (NodePlacement placement : List.of(deleted, kept)) {
      Path workDir = Path.of(placement.workDir());
      Files.createDirectories(workDir.resolve("logs"));
      Files.writeString(workDir.resolve("logs").resolve("stdout.log"), "a tenant's output");
    }

    backend.delete("c-abcdefgh");
    assertThat(Path.of(deleted.workDir()).resolve("logs").resolve("stdout.log"))
        .as("kept while the cluster is only stopped, e.g. failed")
        .exists();
    backend.removeLeftovers("c-abcdefgh");

    assertThat(data.resolve("clusters").resolve("c-abcdefgh")).doesNotExist();
    assertThat(Path.of(kept.workDir()).resolve("logs").resolve("stdout.log")).exists();
  }

  @Test
  void aNodeThatCannotRunIsReportedBeforeAnythingStarts() throws IOException {
    NodeId node = new NodeId("c-abcdefgh", "bad-0");
    NodePlacement placement = single(backend.place(List.of(request(node, "http"))));
    ProcessPart badEnvironment =
        new ProcessPart(
            "none",
            "Node.java",
            List.of(),
            List.of(),
            List.of(),
            Map.of("spark.x", "1"),
            Map.of(),
            Map.of());
    ProcessPart missingRuntime =
        new ProcessPart(
            "spark-9.9.9", "Main", List.of(), List.of(), List.of(), Map.of(), Map.of(), Map.of());
    Files.createDirectories(data.resolve("runtime"));

    assertThat(backend.cannotRun(definition(node, placement, Optional.of(badEnvironment))))
        .hasValueSatisfying(reason -> assertThat(reason).contains("bad-0 cannot run"));
    assertThat(backend.cannotRun(definition(node, placement, Optional.of(missingRuntime))))
        .hasValueSatisfying(reason -> assertThat(reason).contains("spark-9.9.9 is not installed"));
    assertThat(backend.cannotRun(definition(node, placement, Optional.empty())))
        .hasValueSatisfying(reason -> assertThat(reason).contains("no process part"));
  }

  private static PlacementRequest request(NodeId node, String... portNames) {
    return new PlacementRequest(node, "t1", "group", List.of(portNames), Optional.empty());
  }

  private static NodeDefinition definition(
      NodeId node, NodePlacement placement, Optional<ProcessPart> process) {
    return new NodeDefinition(node, "t1", "node", placement, 100, 64, process, Optional.empty());
  }

  private static NodePlacement single(List<NodePlacement> placements) {
    assertThat(placements).hasSize(1);
    return placements.get(0);
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("bdpaas-local-backend-test-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
