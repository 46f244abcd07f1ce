package io.jdaprd.components.secretstores;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.secrets.SecretStore;
import io.jdaprd.spi.testkit.secrets.SecretStoreConformance;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code secretstores.local.env}: the conformance suite, the prefix and the forbidden variables. */
class LocalEnvSecretStoreTest extends SecretStoreConformance {

  private static LocalEnvSecretStore store(Map<String, String> env, String prefix) {
    LocalEnvSecretStore store = new LocalEnvSecretStore(() -> env);
    store.init(new ComponentMetadata("env", LocalEnvSecretStore.TYPE, "v1", "app",
        prefix == null ? Map.of() : Map.of("prefix", prefix)));
    return store;
  }

  @Override
  protected SecretStore storeHolding(Map<String, String> secrets) {
    Map<String, String> env = new HashMap<>(secrets);
    env.put("DAPR_API_TOKEN", "never-listed");
    env.put("app_api_token", "never-listed");
    return store(env, null);
  }

  @Override
  protected boolean missingSecretFails() {
    return false;
  }

  @Test
  void thePrefixIsAddedOnGetAndStrippedOnBulk() {
    Map<String, String> env = Map.of("MYAPP_DB", "d", "MYAPP_", "only-prefix", "myapp_low", "l", "OTHER", "o");
    LocalEnvSecretStore s = store(env, "MYAPP_");
    assertThat(s.get("DB", Map.of())).isEqualTo(Map.of("DB", "d"));
    assertThat(s.get("OTHER", Map.of())).isEqualTo(Map.of("OTHER", ""));
    assertThat(s.bulkGet(Map.of())).isEqualTo(Map.of("DB", Map.of("DB", "d")));
  }

  @Test
  void daprAndTokenVariablesAreNeverRead() {
    Map<String, String> env = Map.of("DAPR_HTTP_PORT", "3500", "Dapr_x", "y", "APP_API_TOKEN", "t", "OK", "v");
    LocalEnvSecretStore s = store(env, null);
    assertThat(s.get("DAPR_HTTP_PORT", Map.of())).isEqualTo(Map.of("DAPR_HTTP_PORT", ""));
    assertThat(s.get("APP_API_TOKEN", Map.of())).isEqualTo(Map.of("APP_API_TOKEN", ""));
    assertThat(s.bulkGet(Map.of())).isEqualTo(Map.of("OK", Map.of("OK", "v")));
    assertThat(s.features()).isEmpty();
  }
}
