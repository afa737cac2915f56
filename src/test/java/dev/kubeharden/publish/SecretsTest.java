package dev.kubeharden.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void stripsUserInfoFromUrlsAndMasksSecrets() {
    Secrets s = new Secrets(List.of("tok-123456"));
    assertThat(
            s.scrub(
                "cannot fetch from https://bot:tok-123456@git.example/a.git: 401\nagain tok-123456"))
        .isEqualTo("cannot fetch from https://git.example/a.git: 401 again ***");
    assertThat(Secrets.stripUserInfo("ssh://git@host:22/x and http://u@h/y"))
        .isEqualTo("ssh://host:22/x and http://h/y");
    assertThat(Secrets.stripUserInfo("/path/with@sign")).isEqualTo("/path/with@sign");
  }
}
