package io.jdaprd.spi.testkit.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.secrets.SecretStore;
import io.jdaprd.spi.secrets.SecretStoreException;
import io.jdaprd.spi.secrets.SecretStoreFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite of the secret store SPI (the contract of {@link SecretStore}), checked against a real store.
 * A store's test extends this class and says how to make a store that holds given secrets (writing the file, setting
 * the variables); the suite initialises nothing itself and closes every store it was given.
 *
 * <p>Each check uses fresh values, including characters a careless store could mangle ({@code =}, {@code :}, quotes,
 * a newline, non-ASCII), so no check can pass on what another one stored.
 *
 * <pre>{@code
 * class MyStoreTest extends SecretStoreConformance {
 *   protected SecretStore storeHolding(Map<String, String> secrets) { ... write them, init a store ... }
 * }
 * }</pre>
 */
public abstract class SecretStoreConformance {
  private final List<SecretStore> opened = new ArrayList<>();

  /**
   * An initialised store holding exactly {@code secrets} as single-valued secrets (each secret has one key, its own
   * name), plus, for a store that cannot be emptied (the environment), whatever else it has.
   */
  protected abstract SecretStore storeHolding(Map<String, String> secrets) throws Exception;

  /**
   * An initialised store holding {@code secrets} as multi-valued secrets, or {@code null} when the store has no
   * such mode; the default has none.
   */
  protected SecretStore storeHoldingMultiValued(Map<String, Map<String, String>> secrets) throws Exception {
    return null;
  }

  /**
   * Whether reading a secret the store does not hold fails ({@code true}, the default) or answers the secret with an
   * empty value (daprd's env store).
   */
  protected boolean missingSecretFails() {
    return true;
  }

  /** Whether a bulk get answers only the secrets given ({@code true}, the default) or more (the environment). */
  protected boolean holdsOnlyWhatItIsGiven() {
    return true;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(SecretStore::close);
    opened.clear();
  }

  private SecretStore open(Map<String, String> secrets) throws Exception {
    SecretStore store = storeHolding(secrets);
    opened.add(store);
    return store;
  }

  /** Fresh secrets: names made of letters, digits, {@code -} and {@code _}; values with tricky characters. */
  private static Map<String, String> fixture() {
    String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("CONF_DB_PASSWORD_" + unique, "p@ss=w0rd: \"quoted\" ✓ " + unique);
    secrets.put("CONF_API_KEY_" + unique, "key-" + unique + "\nsecond line");
    secrets.put("CONF_PLAIN_" + unique, "plain" + unique);
    return secrets;
  }

  @Test
  @DisplayName("get answers a secret as one key, its name, with the exact value")
  void getAnswersTheSecret() throws Exception {
    Map<String, String> secrets = fixture();
    SecretStore store = open(secrets);
    for (Map.Entry<String, String> e : secrets.entrySet()) {
      assertThat(store.get(e.getKey(), Map.of())).as("secret %s", e.getKey())
          .isEqualTo(Map.of(e.getKey(), e.getValue()));
    }
  }

  @Test
  @DisplayName("a secret the store does not hold fails naming it (or is empty, where the store says so)")
  void missingSecret() throws Exception {
    Map<String, String> secrets = fixture();
    SecretStore store = open(secrets);
    String missing = "CONF_MISSING_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    if (missingSecretFails()) {
      assertThatThrownBy(() -> store.get(missing, Map.of())).isInstanceOf(SecretStoreException.class)
          .hasMessageContaining(missing);
    } else {
      assertThat(store.get(missing, Map.of())).isEqualTo(Map.of(missing, ""));
    }
  }

  @Test
  @DisplayName("bulk get answers every secret, each as in a get")
  void bulkGetAnswersEverySecret() throws Exception {
    Map<String, String> secrets = fixture();
    SecretStore store = open(secrets);
    Map<String, Map<String, String>> all = store.bulkGet(Map.of());
    Map<String, Map<String, String>> expected = new LinkedHashMap<>();
    secrets.forEach((name, value) -> expected.put(name, Map.of(name, value)));
    if (holdsOnlyWhatItIsGiven()) {
      assertThat(all).isEqualTo(expected);
    } else {
      assertThat(all).containsAllEntriesOf(expected);
    }
  }

  @Test
  @DisplayName("no value appears in an error message or the store's toString")
  void valuesStaySecret() throws Exception {
    Map<String, String> secrets = fixture();
    SecretStore store = open(secrets);
    List<String> texts = new ArrayList<>();
    texts.add(String.valueOf(store));
    for (String name : secrets.keySet()) {
      try {
        store.get(name + "_X", Map.of());
      } catch (SecretStoreException e) {
        texts.add(String.valueOf(e.getMessage()));
      }
    }
    for (String text : texts) {
      for (String value : secrets.values()) {
        assertThat(text).as("a text of the store").doesNotContain(value);
      }
    }
  }

  @Test
  @DisplayName("a multi-valued store answers every key of a secret and says it has the feature")
  void multiValuedSecret() throws Exception {
    String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Map<String, String> db = new LinkedHashMap<>();
    db.put("username", "user-" + unique);
    db.put("password", "p@ss=" + unique);
    Map<String, Map<String, String>> secrets = Map.of("CONF_DB_" + unique, db, "CONF_ONE_" + unique,
        Map.of("token", "t-" + unique));
    SecretStore store = storeHoldingMultiValued(secrets);
    Assumptions.assumeTrue(store != null, "the store has no multi-valued mode");
    opened.add(store);
    assertThat(store.features()).contains(SecretStoreFeature.MULTIPLE_KEY_VALUES);
    assertThat(store.get("CONF_DB_" + unique, Map.of())).isEqualTo(db);
    assertThat(store.bulkGet(Map.of())).isEqualTo(secrets);
  }

  @Test
  @DisplayName("a single-valued store does not claim multiple keys per secret")
  void singleValuedHasNoMultiKeyFeature() throws Exception {
    SecretStore store = open(fixture());
    assertThat(store.features()).doesNotContain(SecretStoreFeature.MULTIPLE_KEY_VALUES);
  }
}
