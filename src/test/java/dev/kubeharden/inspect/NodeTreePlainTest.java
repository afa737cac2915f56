package dev.kubeharden.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Position;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NodeTree#plain}, the lstat walk that spares a node file realpath(3): it answers only when
 * no name below the root is a link, and then with the path realpath(3) gives; every other case is
 * left to the full resolution, which still refuses a link out of the tree.
 */
class NodeTreePlainTest {
  @TempDir Path tmp;
  private Path root;
  private Path outside;

  @BeforeEach
  void tree() throws IOException {
    // The root is reached through a link, so its real path differs from the path the tree names.
    Path real = Files.createDirectories(tmp.resolve("real/node"));
    Files.createSymbolicLink(tmp.resolve("alias"), tmp.resolve("real"));
    root = tmp.resolve("alias/node");
    Files.createDirectories(real.resolve("etc/kubernetes"));
    Files.writeString(real.resolve("etc/kubernetes/config.yaml"), "kind: KubeletConfiguration\n");
    outside = Files.writeString(tmp.resolve("secret"), "s3cr3t\n");
  }

  @Test
  void aFileWithoutLinksIsItsRealPathWithItsAttributes() throws IOException {
    Path file = root.resolve("etc/kubernetes/config.yaml");
    NodeTree.Plain p = NodeTree.directory(root).plain(file);
    assertThat(p).isNotNull();
    assertThat(p.real()).isEqualTo(file.toRealPath());
    assertThat(p.attrs().isRegularFile()).isTrue();
    assertThat(p.attrs().size()).isEqualTo(Files.size(file));
    assertThat(
            new String(
                NodeTree.directory(root).bytes(file, "file", Position.of(file.toString())),
                StandardCharsets.UTF_8))
        .isEqualTo("kind: KubeletConfiguration\n");
  }

  @Test
  void aLinkAnywhereBelowTheRootIsLeftToTheFullResolution() throws IOException {
    Files.createSymbolicLink(root.resolve("etc/kubernetes/link.yaml"), outside);
    Files.createSymbolicLink(root.resolve("var"), root.resolve("etc"));
    NodeTree tree = NodeTree.directory(root);
    assertThat(tree.plain(root.resolve("etc/kubernetes/link.yaml"))).isNull();
    assertThat(tree.plain(root.resolve("var/kubernetes/config.yaml"))).isNull();
    // ... which still refuses the link that leaves the tree, and follows the one that stays in it.
    Path link = root.resolve("etc/kubernetes/link.yaml");
    assertThatThrownBy(() -> tree.requireWithin(link, "node file", Position.of(link.toString())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("leading outside");
    // A link read through the tree is read as InputFiles reads it (NodeLayout has refused it
    // before: the tree does not check twice).
    assertThat(tree.bytes(link, "file", Position.of(link.toString())))
        .isEqualTo(Files.readAllBytes(outside));
    Path inside = root.resolve("var/kubernetes/config.yaml");
    tree.requireWithin(inside, "node file", Position.of(inside.toString()));
  }

  @Test
  void dotNamesMissingFilesFilesAsDirectoriesAndPathsElsewhereAreNotAnswered() {
    NodeTree tree = NodeTree.directory(root);
    assertThat(tree.plain(root.resolve("etc/../etc/kubernetes/config.yaml"))).isNull();
    assertThat(tree.plain(root.resolve("etc/./kubernetes/config.yaml"))).isNull();
    assertThat(tree.plain(root.resolve("etc/kubernetes/missing.yaml"))).isNull();
    assertThat(tree.plain(root.resolve("etc/kubernetes/config.yaml/x"))).isNull();
    assertThat(tree.plain(root)).isNull();
    assertThat(tree.plain(outside)).isNull();
    assertThat(NodeTree.directory(tmp.resolve("missing")).plain(root.resolve("etc"))).isNull();
  }
}
