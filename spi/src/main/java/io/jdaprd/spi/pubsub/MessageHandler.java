package io.jdaprd.spi.pubsub;

/**
 * Receives the messages of a subscription. Returning normally acknowledges the message; throwing leaves it
 * unacknowledged (see {@link PubSub} for what the broker does then). Called on the component's threads, possibly
 * several at once; it blocks until the message is handled.
 */
@FunctionalInterface
public interface MessageHandler {

  /** Handles one message; throws to have it delivered again (on durable brokers). */
  void handle(Message message) throws Exception;
}
