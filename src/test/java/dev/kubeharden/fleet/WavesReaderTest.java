package dev.kubeharden.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Inventory;
import dev.kubeharden.profile.ProfileCatalog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** An inventory's rollout waves: order, pools by cluster or cluster/pool, and every mistake. */
class WavesReaderTest {
  private static final String CLUSTERS =
      """
      apiVersion: kubeharden.dev/v1alpha1
      kind: Inventory
      defaults: {profiles: [baseline]}
      clusters:
        - name: prod
          nodePools: [{name: canary}, {name: general}]
        - name: staging
          nodePools: [{name: general}]
      """;

  private static Inventory parse(String waves) {
    return InventoryParser.parse("inv.yaml", CLUSTERS + waves, Path.of("."), new ProfileCatalog());
  }

  @Test
  void wavesKeepTheirOrderAndExpandClusters() {
    Inventory inv =
        parse(
            """
            waves:
              - {name: canary, pools: [prod/canary, staging]}
              - {name: rest, pools: [prod/general]}
            """);
    assertThat(inv.waves()).extracting(Inventory.Wave::name).containsExactly("canary", "rest");
    assertThat(inv.waves().get(0).pools()).containsExactly("prod/canary", "staging/general");
    assertThat(inv.waves().get(1).pools()).containsExactly("prod/general");
    assertThat(parse("").waves()).isEmpty();
  }

  @Test
  void everyMistakeIsReportedWithItsPosition() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    waves:
                      - {name: Canary, pools: [prod/canary]}
                      - {name: two, pools: [prod/canary, nope, prod/gpu]}
                      - {name: two, pools: [staging]}
                    """))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(String.join("\n", e.diagnostics(null)))
                    .contains(
                        "inv.yaml:10:12: error: wave name \"Canary\" must be a DNS-1123 label: it"
                            + " names a branch")
                    .contains(
                        "inv.yaml:11:25: error: node pool prod/canary is already in wave waves[0]")
                    .contains(
                        "inv.yaml:11:38: error: wave pool \"nope\" is neither a cluster nor a"
                            + " cluster/pool of this inventory")
                    .contains("inv.yaml:11:44: error: wave pool \"prod/gpu\" is neither")
                    .contains("inv.yaml:12:12: error: duplicate wave name \"two\"")
                    .contains(
                        "error: every node pool must be in a wave; not in any: prod/general"));
  }
}
