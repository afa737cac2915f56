package dev.kubeharden.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kubeharden.model.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SharedTextsTest {
  @Test
  void equalBytesGiveOneInstance() {
    byte[] a = "KUBELET_EXTRA_ARGS=--node-ip=10.0.0.1\n".getBytes(StandardCharsets.UTF_8);
    String first = SharedTexts.of(a.clone(), "a/kubelet");
    String second = SharedTexts.of(a.clone(), "b/kubelet");
    assertEquals("KUBELET_EXTRA_ARGS=--node-ip=10.0.0.1\n", first);
    assertSame(first, second);
  }

  @Test
  void bytesTheHashDoesNotReadStillTellTextsApart() {
    // 6,400 bytes: the key's hash reads every 100th byte from the end, so byte 1 is not read.
    byte[] a = new byte[6400];
    Arrays.fill(a, (byte) 'x');
    byte[] b = a.clone();
    b[1] = 'y';
    String ta = SharedTexts.of(a, "a");
    String tb = SharedTexts.of(b, "b");
    assertNotEquals(ta, tb);
    assertEquals('y', tb.charAt(1));
    assertEquals('x', ta.charAt(1));
  }

  @Test
  void utf8IsDecodedAndOtherBytesAreAProblemNamingTheFile() {
    byte[] text = "# kubelet – ünits\n".getBytes(StandardCharsets.UTF_8);
    assertEquals("# kubelet – ünits\n", SharedTexts.of(text, "node/unit"));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> SharedTexts.of(new byte[] {'a', (byte) 0xff, 'b'}, "node/bad"));
    assertEquals("node/bad", e.problems().get(0).position().source());
    assertEquals("the file is not UTF-8 text", e.problems().get(0).message());
  }
}
