package io.jdaprd.core.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** daprd's lock keys ({@code pkg/components/lock}): always {@code lock||}, strategy lower-cased. */
class LockKeysTest {

  @Test
  @DisplayName("appid is the default: lock||app||id, or lock||id without an app id")
  void appIdDefault() {
    assertThat(LockKeys.of(Map.of(), "store", "myapp").key("res")).isEqualTo("lock||myapp||res");
    assertThat(LockKeys.of(Map.of(), "store", "").key("res")).isEqualTo("lock||res");
    assertThat(LockKeys.of(Map.of("keyPrefix", "AppID"), "store", "myapp").key("res")).isEqualTo("lock||myapp||res");
  }

  @Test
  @DisplayName("name, none, and a literal (lower-cased; namespace is a literal for locks)")
  void strategies() {
    assertThat(LockKeys.of(Map.of("keyPrefix", "name"), "store", "myapp").key("r")).isEqualTo("lock||store||r");
    assertThat(LockKeys.of(Map.of("keyPrefix", "none"), "store", "myapp").key("r")).isEqualTo("lock||r");
    assertThat(LockKeys.of(Map.of("keyPrefix", "MyPrefix"), "store", "myapp").key("r"))
        .isEqualTo("lock||myprefix||r");
    assertThat(LockKeys.of(Map.of("keyPrefix", "namespace"), "store", "myapp").key("r"))
        .isEqualTo("lock||namespace||r");
    assertThat(LockKeys.of(Map.of("keyPrefix", ""), "store", "myapp").key("r")).isEqualTo("lock||||r");
  }

  @Test
  @DisplayName("the metadata name keyPrefix is matched in any case")
  void metadataNameAnyCase() {
    assertThat(LockKeys.of(Map.of("KEYPREFIX", "none"), "store", "myapp").key("r")).isEqualTo("lock||r");
  }

  @Test
  @DisplayName("|| in a strategy or a resource id is refused with daprd's text")
  void separatorRefused() {
    assertThatThrownBy(() -> LockKeys.of(Map.of("keyPrefix", "a||b"), "store", "myapp"))
        .hasMessage("input key/keyPrefix 'a||b' can't contain '||'");
    assertThatThrownBy(() -> LockKeys.of(Map.of(), "store", "myapp").key("x||y"))
        .hasMessage("input key/keyPrefix 'x||y' can't contain '||'");
  }
}
