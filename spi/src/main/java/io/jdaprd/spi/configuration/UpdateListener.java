package io.jdaprd.spi.configuration;

/**
 * Receives the updates of one subscription. Called on the store's threads, one update at a time per subscription;
 * it blocks until the update is handled. A failure is the listener's own: the store logs it and goes on.
 */
@FunctionalInterface
public interface UpdateListener {

  /** Handles one update. */
  void onUpdate(ConfigurationUpdate update) throws Exception;
}
