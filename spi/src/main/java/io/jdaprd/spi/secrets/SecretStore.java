package io.jdaprd.spi.secrets;

import io.jdaprd.spi.Component;
import java.util.Map;
import java.util.Set;

/**
 * A secret store. The contract every implementation keeps (and {@code spi-testkit}'s {@code SecretStoreConformance}
 * checks):
 *
 * <ul>
 *   <li><b>One secret</b> is a map of key to value. A store without {@link SecretStoreFeature#MULTIPLE_KEY_VALUES}
 *       answers a map with one entry whose key is the secret's name, as components-contrib's stores do.</li>
 *   <li><b>Missing.</b> A secret the store does not hold fails with {@link SecretStoreException}, whose message
 *       names the secret and never a value.</li>
 *   <li><b>Bulk</b> answers every secret of the store, secret name to its map.</li>
 *   <li><b>Values stay secret.</b> No value appears in a log line, an exception message or {@code toString}.</li>
 * </ul>
 */
public interface SecretStore extends Component {

  /** What this store supports; fixed after {@link #init}. */
  default Set<SecretStoreFeature> features() {
    return Set.of();
  }

  /**
   * Reads secret {@code name}.
   *
   * @param metadata the request's metadata (for example {@code version_id} of a versioned store); may be empty
   * @return the secret's key/value pairs, never empty
   * @throws SecretStoreException when the secret does not exist or the backend fails
   */
  Map<String, String> get(String name, Map<String, String> metadata) throws SecretStoreException;

  /**
   * Reads every secret of the store.
   *
   * @param metadata the request's metadata; may be empty
   * @return secret name to its key/value pairs, in the store's order
   * @throws SecretStoreException when the backend fails
   */
  Map<String, Map<String, String>> bulkGet(Map<String, String> metadata) throws SecretStoreException;
}
