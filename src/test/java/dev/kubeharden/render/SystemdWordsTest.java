package dev.kubeharden.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** ExecStart= words as systemd.service(5) "Command lines" reads them back. */
class SystemdWordsTest {
  @Test
  void aWordOfSafeCharactersStaysAsItIs() {
    assertThat(SystemdWords.quote("--node-labels=a.b/c=d,e=f"))
        .isEqualTo("--node-labels=a.b/c=d,e=f");
    assertThat(SystemdWords.quote("--node-ip=fd00::1")).isEqualTo("--node-ip=fd00::1");
  }

  @Test
  void anyOtherWordIsDoubleQuotedWithItsQuotesAndBackslashesEscaped() {
    assertThat(SystemdWords.quote("--a=b c")).isEqualTo("\"--a=b c\"");
    assertThat(SystemdWords.quote("--a=say \"hi\"")).isEqualTo("\"--a=say \\\"hi\\\"\"");
    assertThat(SystemdWords.quote("--a=C:\\x")).isEqualTo("\"--a=C:\\\\x\"");
    assertThat(SystemdWords.quote("--a=it's")).isEqualTo("\"--a=it's\"");
    assertThat(SystemdWords.quote(";")).isEqualTo("\";\"");
  }

  @Test
  void variablesSpecifiersAndControlCharactersAreNotWritten() {
    for (String w : new String[] {"--a=$HOME", "--a=50%", "--a=x\ny", "--a=\t", ""}) {
      assertThat(SystemdWords.writable(w)).as(w).isFalse();
      assertThatThrownBy(() -> SystemdWords.quote(w)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
