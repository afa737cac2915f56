package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import dev.kubeharden.testing.ShippedSchemas;
import org.junit.jupiter.api.Test;

/**
 * {@code -o json} on the read commands (profiles list, profiles show, explain): text stays the
 * default, json validates against the schema shipped in the jar, and generate refuses -o.
 */
class ReadCommandsJsonTest {
  private static CliRun ok(String... args) {
    CliRun r = CliRun.run(args);
    assertThat(r.code()).as("exit code; stderr: %s", r.err()).isZero();
    assertThat(r.err()).isEmpty();
    return r;
  }

  @Test
  void profilesListJsonNamesEveryShippedProfileAndTheAlias() {
    CliRun r = ok("profiles", "list", "-o", "json");
    ShippedSchemas.assertValid("profiles", r.out(), "profiles list -o json");
    assertThat(r.out())
        .startsWith("{\n  \"schema\": \"kubeharden.dev/profiles/v1\",")
        .contains("\"name\": \"cis-1.12\"", "\"1.30\": \"cis-1.11\"", "\"1.36\": \"cis-1.12\"");
    assertThat(ok("profiles", "list").out()).as("text is the default").startsWith("baseline ");
    assertThat(ok("profiles", "list", "--output", "text").out()).startsWith("baseline ");
  }

  @Test
  void profilesShowJsonSaysWhoSetEachValue() {
    CliRun r = ok("profiles", "show", "cis", "--k8s-version", "1.33", "-o", "json");
    ShippedSchemas.assertValid("profile", r.out(), "profiles show -o json");
    assertThat(r.out())
        .contains("\"kubernetesVersion\": \"1.33\"")
        .contains(
            "\"path\": \"readOnlyPort\",\n      \"value\": 0,\n      \"setBy\": {\n"
                + "        \"layer\": \"cis-1.12\",\n        \"control\": \"CIS-1.12:4.2.4\",");
    CliRun set =
        ok("profiles", "show", "cis", "--set", "maxPods=50", "-o", "json", "--k8s-version", "1.33");
    ShippedSchemas.assertValid("profile", set.out(), "profiles show --set -o json");
    assertThat(set.out())
        .contains("\"value\": 50,\n      \"setBy\": {\n        \"layer\": \"--set\"");
  }

  @Test
  void explainJsonOfAControlAndOfAField() {
    CliRun c = ok("explain", "CIS-1.12:4.2.3", "-o", "json");
    ShippedSchemas.assertValid("explain", c.out(), "explain CIS-1.12:4.2.3 -o json");
    assertThat(c.out())
        .contains("\"value\": \"${clientCAFile}\"")
        .contains("\"clientCAFile\": \"/etc/kubernetes/pki/ca.crt\"")
        .doesNotContain("VarRef");
    CliRun f = ok("explain", "authentication.anonymous.enabled", "-o", "json");
    ShippedSchemas.assertValid("explain", f.out(), "explain FIELD -o json");
    assertThat(f.out())
        .contains("\"controls\": []", "\"id\": \"SEED:4\"", "\"flag\": \"--anonymous-auth\"");
    assertThat(ShippedSchemas.errors("explain", "{\"schema\": \"kubeharden.dev/explain/v1\"}"))
        .as("the schema rejects a document without its keys")
        .isNotEmpty();
  }

  @Test
  void explainPrintsValuesNotRecordsAndTakesKubeBenchIds() {
    CliRun r = ok("explain", "4.2.3");
    assertThat(r.out())
        .contains("CIS-1.11:4.2.3: ", "CIS-1.12:4.2.3: ")
        .contains("  sets: authentication.x509.clientCAFile = ${clientCAFile}\n")
        .doesNotContain("VarRef", "Scalar[");
    assertThat(ok("explain", "v-242391").out()).startsWith("STIG:V-242391: ");
  }

  @Test
  void anUnknownFormatIsAUsageError() {
    CliRun r = CliRun.run("profiles", "list", "-o", "yaml");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines())
        .first()
        .isEqualTo("kubeharden: unknown --output format 'yaml' (text or json)");
  }

  @Test
  void generateRefusesDashOAndPointsToOut(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    CliRun r = CliRun.run("generate", "-o", "json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines().get(0))
        .startsWith("kubeharden: generate has no -o/--output (got 'json')")
        .contains("--out DIR");
    assertThat(java.nio.file.Path.of("json")).doesNotExist();
    assertThat(CliRun.run("generate", "--output=" + tmp).code()).isEqualTo(2);
  }
}
