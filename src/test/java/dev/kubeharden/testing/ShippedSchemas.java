package dev.kubeharden.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The JSON Schemas kubeharden ships under kubeharden/schemas/, for validating its json output. */
public final class ShippedSchemas {
  private ShippedSchemas() {}

  public static Schema load(String name) {
    String path = "/kubeharden/schemas/" + name + ".schema.json";
    try (InputStream in = ShippedSchemas.class.getResourceAsStream(path)) {
      assertThat(in).as("shipped schema %s", path).isNotNull();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(text, InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts that {@code json} is valid against the shipped schema {@code name}. */
  public static void assertValid(String name, String json, String what) {
    List<Error> errors = load(name).validate(json, InputFormat.JSON);
    assertThat(errors).as("%s against %s.schema.json", what, name).isEmpty();
  }

  /** The errors of an instance (for tests that the schema rejects a broken one). */
  public static List<Error> errors(String name, String json) {
    return load(name).validate(json, InputFormat.JSON);
  }
}
