package io.bdpaas.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.backend.NodeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a node's files are written, at its start and when rewritten while it runs. */
class NodeLauncherFilesTest {
  @TempDir Path directory;

  @Test
  void aFileIsWrittenWholeAndPrivateAndReplacedInPlace() throws IOException {
    NodeSpec spec = spec();

    NodeLauncher.writeFile(spec, "conf/log4j.properties", bytes("first"));
    NodeLauncher.writeFile(spec, "conf/log4j.properties", bytes("second"));

    Path file = spec.workingDirectory().resolve("conf/log4j.properties");
    assertThat(file).hasContent("second");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(file.getParent()).isDirectoryNotContaining(path -> path.toString().endsWith(".new"));
  }

  @Test
  void aLinkPutInTheFilesPlaceIsReplacedNotFollowed() throws IOException {
    NodeSpec spec = spec();
    Path outside = Files.writeString(directory.resolve("outside.txt"), "not the node's");
    Path conf = Files.createDirectories(spec.workingDirectory().resolve("conf"));
    Files.createSymbolicLink(conf.resolve("log4j.properties"), outside);

    NodeLauncher.writeFile(spec, "conf/log4j.properties", bytes("levels"));

    assertThat(outside).hasContent("not the node's");
    assertThat(conf.resolve("log4j.properties")).isRegularFile().hasContent("levels");
    assertThat(Files.isSymbolicLink(conf.resolve("log4j.properties"))).isFalse();
  }

  @Test
  void aLinkInTheFolderPlaceMakesTheWriteFail() throws IOException {
    NodeSpec spec = spec();
    Path elsewhere = Files.createDirectories(directory.resolve("elsewhere"));
    Files.createDirectories(spec.workingDirectory());
    Files.createSymbolicLink(spec.workingDirectory().resolve("conf"), elsewhere);

    assertThatThrownBy(() -> NodeLauncher.writeFile(spec, "conf/log4j.properties", bytes("x")))
        .isInstanceOf(IOException.class);
    assertThat(elsewhere).isEmptyDirectory();
  }

  @Test
  void aPathOutsideTheWorkingDirectoryIsRefused() {
    NodeSpec spec = spec();

    assertThatThrownBy(() -> NodeLauncher.writeFile(spec, "../escape.txt", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(directory.resolve("node/escape.txt")).doesNotExist();
  }

  private NodeSpec spec() {
    return NodeSpec.builder(new NodeId("c1", "taskmanager-1"), "taskmanager")
        .runtimeDirectory(directory.resolve("runtime"))
        .classpath(directory.resolve("runtime/lib/*"))
        .mainClass("org.example.Main")
        .workingDirectory(directory.resolve("node/work"))
        .build();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
