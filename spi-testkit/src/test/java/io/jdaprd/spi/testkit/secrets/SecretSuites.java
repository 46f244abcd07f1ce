package io.jdaprd.spi.testkit.secrets;

import io.jdaprd.spi.secrets.SecretStore;
import io.jdaprd.spi.secrets.SecretStoreException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The secret store suite run against the reference and against stores that each break one promise. */
final class SecretSuites {
  private SecretSuites() {
  }

  /** Keeps every promise. */
  static class Conforming extends SecretStoreConformance {
    @Override
    protected SecretStore storeHolding(Map<String, String> secrets) {
      return ReferenceSecretStore.single(secrets);
    }

    @Override
    protected SecretStore storeHoldingMultiValued(Map<String, Map<String, String>> secrets) {
      return new ReferenceSecretStore(secrets, true);
    }
  }

  /** Answers a secret under the key {@code value} instead of the secret's name. */
  static class WrongKey extends Conforming {
    @Override
    protected SecretStore storeHolding(Map<String, String> given) {
      return new ReferenceSecretStore(ReferenceSecretStore.single(given).secrets, false) {
        @Override
        public Map<String, String> get(String name, Map<String, String> metadata) throws SecretStoreException {
          return Map.of("value", super.get(name, metadata).get(name));
        }
      };
    }
  }

  /** Puts every value into the message of a missing secret. */
  static class LeaksValues extends Conforming {
    @Override
    protected SecretStore storeHolding(Map<String, String> given) {
      return new ReferenceSecretStore(ReferenceSecretStore.single(given).secrets, false) {
        @Override
        public Map<String, String> get(String name, Map<String, String> metadata) throws SecretStoreException {
          if (!given.containsKey(name)) {
            throw new SecretStoreException("secret " + name + " not found among " + given.values());
          }
          return super.get(name, metadata);
        }
      };
    }
  }

  /** Leaves one secret out of a bulk get. */
  static class BulkMissesOne extends Conforming {
    @Override
    protected SecretStore storeHolding(Map<String, String> given) {
      return new ReferenceSecretStore(ReferenceSecretStore.single(given).secrets, false) {
        @Override
        public Map<String, Map<String, String>> bulkGet(Map<String, String> metadata) {
          Map<String, Map<String, String>> all = new LinkedHashMap<>(super.bulkGet(metadata));
          all.remove(all.keySet().iterator().next());
          return all;
        }
      };
    }
  }

  /** Answers an empty map for a missing secret instead of failing. */
  static class MissingIsEmpty extends Conforming {
    @Override
    protected SecretStore storeHolding(Map<String, String> given) {
      return new ReferenceSecretStore(ReferenceSecretStore.single(given).secrets, false) {
        @Override
        public Map<String, String> get(String name, Map<String, String> metadata) {
          return this.secrets.getOrDefault(name, Map.of());
        }
      };
    }
  }

  /** Claims multiple keys per secret while holding one. */
  static class ClaimsMultiValued extends Conforming {
    @Override
    protected SecretStore storeHolding(Map<String, String> given) {
      return new ReferenceSecretStore(ReferenceSecretStore.single(given).secrets, false) {
        @Override
        public Set<io.jdaprd.spi.secrets.SecretStoreFeature> features() {
          return Set.of(io.jdaprd.spi.secrets.SecretStoreFeature.MULTIPLE_KEY_VALUES);
        }
      };
    }
  }

  /** Multi-valued mode that keeps only the first key of each secret. */
  static class MultiValuedKeepsOneKey extends Conforming {
    @Override
    protected SecretStore storeHoldingMultiValued(Map<String, Map<String, String>> secrets) {
      Map<String, Map<String, String>> first = new LinkedHashMap<>();
      secrets.forEach((name, keys) -> {
        Map.Entry<String, String> e = keys.entrySet().iterator().next();
        first.put(name, Map.of(e.getKey(), e.getValue()));
      });
      return new ReferenceSecretStore(first, true);
    }
  }
}
