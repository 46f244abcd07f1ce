package io.jdaprd.spi.configuration;

import io.jdaprd.spi.Component;
import java.util.List;
import java.util.Map;

/**
 * A configuration store. The contract every implementation keeps (and {@code spi-testkit}'s
 * {@code ConfigurationStoreConformance} checks):
 *
 * <ul>
 *   <li><b>Get</b> answers the items of the keys asked for that the store holds; a key it does not hold is left
 *       out (no error). No keys means every item of the store.</li>
 *   <li><b>Subscribe</b> answers a new id, unique in the store, and from then on calls the listener with that id
 *       when an item of the keys (every key when none is given) is written; writes of other keys are not
 *       reported. The listener is called until the subscription ends.</li>
 *   <li><b>Unsubscribe</b> ends a subscription: no update reaches its listener once it returns. An id the store
 *       does not know (never answered, or already ended) fails with {@link ConfigurationException}.</li>
 *   <li><b>Close</b> ends every subscription.</li>
 * </ul>
 */
public interface ConfigurationStore extends Component {

  /**
   * Reads items.
   *
   * @param keys the keys, in the client's order; empty for every item
   * @param metadata the request's metadata; may be empty
   * @return the items the store holds, by key
   * @throws ConfigurationException when the backend fails or refuses the keys
   */
  Map<String, ConfigurationItem> get(List<String> keys, Map<String, String> metadata)
      throws ConfigurationException;

  /**
   * Starts watching items.
   *
   * @param keys the keys to watch; empty for every key
   * @param metadata the request's metadata; may be empty
   * @param listener called with each update
   * @return the subscription's id
   * @throws ConfigurationException when the subscription cannot be started
   */
  String subscribe(List<String> keys, Map<String, String> metadata, UpdateListener listener)
      throws ConfigurationException;

  /**
   * Ends subscription {@code id}.
   *
   * @throws ConfigurationException when the store has no such subscription or cannot end it
   */
  void unsubscribe(String id) throws ConfigurationException;
}
