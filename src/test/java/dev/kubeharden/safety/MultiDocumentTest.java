package dev.kubeharden.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Empty documents before a profile, an explicit "..." end marker, byte order marks, CRLF and
 * CR-only line ends mean one thing to generate and validate alike (issue 15, class 7): the cases
 * are files under src/test/resources/hostile/documents, and the rules are in the README.
 */
class MultiDocumentTest {
  @TempDir Path tmp;

  static Stream<Named<HostileCorpus>> documents() {
    return HostileCorpus.of("documents");
  }

  @ParameterizedTest
  @MethodSource("documents")
  void generateAndValidateReadEveryDocumentShapeAlike(HostileCorpus c) throws IOException {
    c.assertGenerateAndValidateAgree(tmp);
  }

  @Test
  void aKubeletConfigFileWhoseFirstDocumentIsEmptyIsRefusedAsTheKubeletWouldFail()
      throws IOException {
    Path config = tmp.resolve("config.yaml");
    Files.writeString(
        config,
        "---\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n");
    CliRun r = CliRun.run("diff", "--kubelet-config", config.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(3);
    assertThat(r.errorLines().get(0))
        .startsWith(config + ":2:1: error: ")
        .contains("the kubelet reads only the first document");
  }
}
