package io.jdaprd.core.component;

import io.jdaprd.spi.secrets.SecretStore;
import io.jdaprd.spi.secrets.SecretStoreException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolves a definition's {@code secretKeyRef}s through the secret stores loaded so far, as daprd's secret
 * processor does: each secret is read once per component (with the resource's namespace as {@code namespace}
 * metadata), the item takes the value of the reference's key, and an empty value leaves the item as it was. Unlike
 * daprd, which logs a failed read and loads the component without the value, a reference that cannot be resolved
 * keeps the component from loading: the problem names the file, the metadata item, the secret and the key, never a
 * value.
 */
final class SecretResolution {
  private SecretResolution() {
  }

  /** A reference could not be resolved; the message is safe to log. */
  static final class UnresolvedException extends Exception {
    private static final long serialVersionUID = 1L;

    UnresolvedException(String message) {
      super(message);
    }
  }

  /** {@code d} with its references resolved; {@code d} itself when it has none. */
  static ComponentDefinition resolve(ComponentDefinition d, Map<String, SecretStore> stores)
      throws UnresolvedException {
    SecretRefs refs = d.secretRefs();
    if (refs.refs().isEmpty()) {
      return d;
    }
    Map<String, String> metadata = new LinkedHashMap<>(d.metadata());
    Map<String, Map<String, String>> cache = new HashMap<>();
    for (SecretRefs.Ref ref : refs.refs()) {
      String where = "spec.metadata." + ref.field() + ": secretKeyRef name " + ref.name() + " key " + ref.key();
      SecretStore store = stores.get(refs.store());
      if (store == null) {
        throw new UnresolvedException(where + ": " + (refs.store().isEmpty() ? "auth.secretStore is not set"
            : "auth.secretStore " + refs.store() + " is not a loaded secret store")
            + " (expected: auth.secretStore naming a secret store that loads)");
      }
      Map<String, String> secret = cache.get(ref.name());
      if (secret == null) {
        try {
          secret = store.get(ref.name(), Map.of("namespace", refs.namespace()));
        } catch (SecretStoreException | RuntimeException e) {
          throw new UnresolvedException(where + ": reading it from secret store " + refs.store() + " failed: "
              + e.getMessage());
        }
        secret = secret == null ? Map.of() : secret;
        cache.put(ref.name(), secret);
      }
      if (!secret.containsKey(ref.key())) {
        throw new UnresolvedException(where + ": secret " + ref.name() + " of secret store " + refs.store()
            + " has no key " + ref.key());
      }
      String value = secret.get(ref.key());
      if (value != null && !value.isEmpty()) {
        metadata.put(ref.field(), value);
      }
    }
    return d.withMetadata(metadata);
  }
}
