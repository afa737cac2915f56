package dev.kubeharden.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.kubeharden.app.GenerateService;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.render.Templates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every document a target emits validates against the target project's own schema, pinned in
 * src/test/resources/target-schemas (sources in its README): Cluster API's CRDs, nodeadm's
 * NodeConfig, k0s' ClusterConfig, kOps' Cluster, Talos' KubeletConfig and machine.kubelet. And the
 * schemas are real enough to fail: a map-shaped extraArgs under Cluster API v1beta2 is refused.
 */
class TargetSchemasTest {
  private static final Path SCHEMAS = Path.of("src/test/resources/target-schemas");
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} {1} on 1.{4}")
  @CsvSource({
    "cluster-api, cluster-api/kubeadmconfigtemplate.yaml,"
        + " cluster-api/bootstrap.cluster.x-k8s.io_kubeadmconfigtemplate.v1beta2.schema.json, cis, 36",
    "cluster-api, cluster-api/kubeadmcontrolplane.yaml,"
        + " cluster-api/controlplane.cluster.x-k8s.io_kubeadmcontrolplane.v1beta2.schema.json, cis, 36",
    "cluster-api, cluster-api/kubeadmcontrolplane.yaml,"
        + " cluster-api/controlplane.cluster.x-k8s.io_kubeadmcontrolplane.v1beta2.schema.json, stig, 30",
    "eks, eks/nodeconfig.yaml, eks/node.eks.aws_nodeconfig.v1alpha1.as-decoded.schema.json, cis, 36",
    "eks, eks/nodeconfig.yaml, eks/node.eks.aws_nodeconfig.v1alpha1.as-decoded.schema.json, strict, 33",
    "k0s, k0s/clusterconfig-workerprofile.yaml, k0s/k0s.k0sproject.io_clusterconfig.v1beta1.subset.schema.json,"
        + " cis, 36",
    "kops, kops/cluster-kubelet.yaml, kops/kops.k8s.io_cluster.v1alpha2.kubelet-subset.schema.json, cis, 36",
    "kops, kops/cluster-kubelet.yaml, kops/kops.k8s.io_cluster.v1alpha2.kubelet-subset.schema.json, stig, 30",
    "talos, talos/machine-kubelet-patch.yaml, talos/machine-kubelet.v1alpha1.talos-v1.13.9.schema.json, cis, 36",
  })
  void emittedDocumentsValidateAgainstThePinnedSchema(
      String target, String file, String schema, String profile, int minor) throws IOException {
    Map<String, String> files = generate(target, profile, minor);
    Object doc = new Yaml().load(files.get(file));
    Object instance = doc;
    if (file.startsWith("talos/machine")) {
      instance = ((Map<?, ?>) ((Map<?, ?>) doc).get("machine")).get("kubelet");
    } else if (file.endsWith("kubeadmcontrolplane.yaml")) {
      // the file is merged into the user's KubeadmControlPlane, which has its version and machine
      // template
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = (Map<String, Object>) ((Map<?, ?>) doc).get("spec");
      spec.put("version", "v1." + minor + ".0");
      spec.put(
          "machineTemplate",
          Map.of(
              "spec",
              Map.of(
                  "infrastructureRef",
                  Map.of(
                      "apiGroup", "infrastructure.cluster.x-k8s.io",
                      "kind", "DockerMachineTemplate",
                      "name", "cp"))));
    }
    List<Error> errors =
        schema(schema).validate(JSON.writeValueAsString(instance), InputFormat.JSON);
    assertThat(errors).as("%s against %s", file, schema).isEmpty();
  }

  @Test
  void talosKubeletConfigValidatesOnceTalosAddsItsImage() throws IOException {
    Map<String, String> files = generate("talos", "cis", 36);
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = new Yaml().load(files.get("talos/kubeletconfig.yaml"));
    // a patch may omit image: Talos merges it into its own document, which has one
    doc.put("image", "ghcr.io/siderolabs/kubelet:v1.36.0");
    List<Error> errors =
        schema("talos/kubeletconfig.v1alpha1.talos-v1.14.0-rc.1.schema.json")
            .validate(JSON.writeValueAsString(doc), InputFormat.JSON);
    assertThat(errors).isEmpty();
  }

  @Test
  void theSchemasRefuseWhatTheTargetRefuses() throws IOException {
    String mapShapedArgs =
        "{\"apiVersion\":\"controlplane.cluster.x-k8s.io/v1beta2\",\"kind\":\"KubeadmControlPlane\","
            + "\"metadata\":{\"name\":\"x\"},\"spec\":{\"kubeadmConfigSpec\":{\"clusterConfiguration\":"
            + "{\"apiServer\":{\"extraArgs\":{\"audit-log-maxage\":\"30\"}}}}}}";
    assertThat(
            schema(
                    "cluster-api/controlplane.cluster.x-k8s.io_kubeadmcontrolplane.v1beta2.schema.json")
                .validate(mapShapedArgs, InputFormat.JSON))
        .isNotEmpty();
  }

  /**
   * RKE2 and k3s refuse unknown config.yaml keys at start-up: every key we write is one of theirs.
   */
  @ParameterizedTest
  @CsvSource({
    "rke2, rke2/etc/rancher/rke2/config.yaml.d/50-kubeharden.yaml, rke2/config-keys.v1.36.3+rke2r1.tsv",
    "k3s, k3s/etc/rancher/k3s/config.yaml.d/50-kubeharden.yaml, k3s/config-keys.k3s-4ca29faac89e.tsv"
  })
  void rancherConfigKeysAreTheProgramsOwn(String target, String file, String keys)
      throws IOException {
    java.util.Set<String> known = column(keys, 0);
    Map<?, ?> doc = new Yaml().load(generate(target, "strict", 36).get(file));
    assertThat(doc.keySet())
        .isNotEmpty()
        .allSatisfy(k -> assertThat(known).contains(String.valueOf(k).replaceFirst("\\+$", "")));
  }

  /** Every Kubespray variable we set is one Kubespray's node role or its kubelet template reads. */
  @Test
  void kubesprayVariablesAreKubesprays() throws IOException {
    java.util.Set<String> known = column("kubespray/node-defaults.v2.31.0.tsv", 0);
    for (String v : column("kubespray/kubelet-config-template.v2.31.0.tsv", 1)) {
      for (String part : v.split("[ ,()]+", -1)) {
        known.add(part);
      }
    }
    known.add("kubelet_config_extra_args");
    Map<?, ?> doc =
        new Yaml()
            .load(
                generate("kubespray", "cis", 36)
                    .get("kubespray/group_vars/k8s_cluster/kubeharden.yml"));
    assertThat(doc.keySet())
        .isNotEmpty()
        .allSatisfy(k -> assertThat(known).contains(String.valueOf(k)));
  }

  private static java.util.Set<String> column(String file, int col) throws IOException {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (String line : Files.readAllLines(SCHEMAS.resolve(file))) {
      if (!line.startsWith("#") && !line.isBlank()) {
        String[] c = line.split("\t", -1);
        if (c.length > col) {
          out.add(c[col]);
        }
      }
    }
    return out;
  }

  private static Map<String, String> generate(String target, String profile, int minor) {
    return new GenerateService(new ProfileCatalog(), new Templates(null))
        .build(ResolveRequest.of(List.of(profile), new KubeVersion(minor)), List.of(target))
        .bundle()
        .files();
  }

  private static Schema schema(String name) throws IOException {
    String text = Files.readString(SCHEMAS.resolve(name));
    SpecificationVersion v =
        text.contains("2020-12")
            ? SpecificationVersion.DRAFT_2020_12
            : SpecificationVersion.DRAFT_7;
    return SchemaRegistry.withDefaultDialect(v).getSchema(text);
  }
}
