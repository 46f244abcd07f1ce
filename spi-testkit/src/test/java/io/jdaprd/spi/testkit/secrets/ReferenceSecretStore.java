package io.jdaprd.spi.testkit.secrets;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.secrets.SecretStore;
import io.jdaprd.spi.secrets.SecretStoreException;
import io.jdaprd.spi.secrets.SecretStoreFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A secret store over a map that keeps every promise of the SPI; the suites break it one promise at a time. */
class ReferenceSecretStore implements SecretStore {
  final Map<String, Map<String, String>> secrets;
  final boolean multiValued;

  ReferenceSecretStore(Map<String, Map<String, String>> secrets, boolean multiValued) {
    this.secrets = new LinkedHashMap<>(secrets);
    this.multiValued = multiValued;
  }

  static ReferenceSecretStore single(Map<String, String> secrets) {
    Map<String, Map<String, String>> all = new LinkedHashMap<>();
    secrets.forEach((k, v) -> all.put(k, Map.of(k, v)));
    return new ReferenceSecretStore(all, false);
  }

  @Override
  public void init(ComponentMetadata metadata) {
  }

  @Override
  public Set<SecretStoreFeature> features() {
    return multiValued ? Set.of(SecretStoreFeature.MULTIPLE_KEY_VALUES) : Set.of();
  }

  @Override
  public Map<String, String> get(String name, Map<String, String> metadata) throws SecretStoreException {
    Map<String, String> secret = secrets.get(name);
    if (secret == null) {
      throw new SecretStoreException("secret " + name + " not found");
    }
    return secret;
  }

  @Override
  public Map<String, Map<String, String>> bulkGet(Map<String, String> metadata) {
    return Map.copyOf(secrets);
  }

  @Override
  public String toString() {
    return "reference store";
  }
}
