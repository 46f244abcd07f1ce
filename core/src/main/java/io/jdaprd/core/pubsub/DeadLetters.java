package io.jdaprd.core.pubsub;

import io.jdaprd.spi.pubsub.Message;

/** Sends a message, as the broker delivered it, to a dead-letter topic of the same pub/sub. */
@FunctionalInterface
public interface DeadLetters {

  /**
   * Publishes the original bytes and metadata of {@code message} to {@code topic} on {@code pubsub}, through the
   * normal publisher (so publishing scopes apply).
   *
   * @throws Exception when the dead-letter topic does not take it
   */
  void send(String pubsub, String topic, Message message) throws Exception;
}
