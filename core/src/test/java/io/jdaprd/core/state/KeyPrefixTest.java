package io.jdaprd.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyPrefixTest {

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {
      "NULL, myapp, NULL, myapp||k",
      "appid, myapp, NULL, myapp||k",
      "AppID, myapp, NULL, myapp||k",
      "appid, '', NULL, k",
      "name, myapp, NULL, statestore||k",
      "namespace, myapp, prod, prod.myapp||k",
      "namespace, myapp, NULL, myapp||k",
      "none, myapp, NULL, k",
      "shared, myapp, NULL, shared||k",
  })
  void prefixesAsDaprDoes(String strategy, String appId, String namespace, String stored) {
    assertThat(KeyPrefix.of(strategy, "statestore", appId, namespace).apply("k")).isEqualTo(stored);
  }

  @ParameterizedTest
  @CsvSource({"myapp||k, k", "k, k", "a||b||c, b||c"})
  void stripsAtTheFirstSeparator(String stored, String key) {
    assertThat(KeyPrefix.strip(stored)).isEqualTo(key);
  }

  @org.junit.jupiter.api.Test
  void literalWithSeparatorIsRefused() {
    assertThatThrownBy(() -> KeyPrefix.of("bad||prefix", "s", "a", null)).isInstanceOf(IllegalArgumentException.class);
  }
}
