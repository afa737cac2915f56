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
  void manyFilesOfOneSampledHashAreEachTheirOwnTextAndHeldOnce() {
    // 6,400 bytes of which the hash reads every 100th from the end: files differing only at byte 1
    // all have one hash. The first is held; every later one is decoded on its own (one comparison
    // of bytes each), and the held one is still found.
    byte[] held = new byte[6400];
    Arrays.fill(held, (byte) 'p');
    String first = SharedTexts.of(held.clone(), "n0");
    for (int i = 0; i < 50; i++) {
      byte[] other = held.clone();
      other[1] = (byte) ('A' + (i % 26));
      other[2] = (byte) ('a' + (i / 26));
      assertEquals(SharedTexts.sampledHash(held), SharedTexts.sampledHash(other));
      String t = SharedTexts.of(other, "n" + (i + 1));
      assertEquals((char) other[1], t.charAt(1));
      assertEquals((char) other[2], t.charAt(2));
    }
    assertSame(first, SharedTexts.of(held.clone(), "again"));
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
