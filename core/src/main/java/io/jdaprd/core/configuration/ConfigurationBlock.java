package io.jdaprd.core.configuration;

import io.jdaprd.errors.factories.ConfigurationErrors;

/**
 * Configuration. No configuration store type is built yet: reads and subscriptions are daprd's
 * {@code ERR_CONFIGURATION_STORE_NOT_CONFIGURED}; unsubscribing answers that the subscription does not exist.
 */
public final class ConfigurationBlock {
  /** Reads keys of {@code store}. */
  public void get(String store) {
    throw ConfigurationErrors.notConfigured();
  }

  /** Subscribes to keys of {@code store}. */
  public void subscribe(String store) {
    throw ConfigurationErrors.notConfigured();
  }

  /**
   * Ends subscription {@code id}.
   *
   * @return why it could not be ended (daprd answers OK with {@code ok=false} and this message)
   */
  public String unsubscribe(String id) {
    return ConfigurationErrors.unsubscribe(id, "subscription does not exist").getMessage();
  }
}
