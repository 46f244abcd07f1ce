package io.jdaprd.spi.pubsub;

/** A running subscription. */
public interface Subscription extends AutoCloseable {

  /**
   * Stops taking new messages and waits for the handlers in flight to finish (a bounded wait the component
   * chooses); messages not yet acknowledged stay with the broker. Idempotent.
   */
  @Override
  void close();
}
