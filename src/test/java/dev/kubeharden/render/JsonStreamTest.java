package dev.kubeharden.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Json written to a stream as it goes is byte for byte what the in-memory writer gives. */
class JsonStreamTest {
  @Test
  void aDocumentWrittenInPiecesIsTheSameDocument() throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", "x/v1");
    root.put("empty", List.of());
    root.put("none", Map.of());
    List<Object> items = new ArrayList<>();
    Map<String, Object> hashes = new LinkedHashMap<>();
    for (int i = 0; i < 20_000; i++) {
      items.add(Map.of("name", "pool-" + i, "quote", "a \"b\"\n", "n", i, "ok", i % 2 == 0));
      hashes.put("cluster-" + (i / 3) + "/pool-" + i + "/report.json", Integer.toHexString(i));
    }
    root.put("items", items);
    root.put("sha256", hashes);
    List<Integer> pieces = new ArrayList<>();
    Writer counting =
        new StringWriter() {
          @Override
          public void write(String s) {
            pieces.add(s.length());
            super.write(s);
          }
        };

    Json.write(root, counting);

    String whole = Json.write(root);
    assertTrue(whole.length() > 1 << 20, "the document is larger than one piece");
    assertTrue(pieces.size() > 10, "written in pieces, not held whole: " + pieces.size());
    assertEquals(whole, counting.toString());
  }

  @Test
  void aFailingStreamIsAnIoException() {
    Writer broken =
        new Writer() {
          @Override
          public void write(char[] cbuf, int off, int len) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    List<Object> big = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      big.add("line " + i);
    }
    IOException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class, () -> Json.write(Map.of("items", big), broken));
    assertEquals("disk full", e.getMessage());
  }
}
