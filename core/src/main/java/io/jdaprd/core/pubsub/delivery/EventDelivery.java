package io.jdaprd.core.pubsub.delivery;

import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one subscription's messages to its target one at a time, with daprd's semantics: {@code SUCCESS}
 * acknowledges; {@code DROP} acknowledges after dead-lettering (when the reply allows and a dead-letter topic is
 * set); {@code RETRY} is retried under the {@link RetryPolicy} and then dead-lettered or handed back to the broker
 * (the handler throws, so a durable broker delivers it again). While the subscription closes, a message that was
 * not taken is handed back to the broker, never dead-lettered.
 */
final class EventDelivery implements MessageHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);

  private final IncomingEvents incoming;
  private final EventTarget target;
  private final RetryPolicy retry;
  private final boolean durable;
  private final BooleanSupplier closing;

  EventDelivery(IncomingEvents incoming, EventTarget target, RetryPolicy retry, boolean durable,
      BooleanSupplier closing) {
    this.incoming = incoming;
    this.target = target;
    this.retry = retry;
    this.durable = durable;
    this.closing = closing;
  }

  @Override
  public void handle(Message message) throws Exception {
    Optional<IncomingEvents.Routed> routed = incoming.read(message);
    if (routed.isEmpty()) {
      return;
    }
    IncomingEvents.Routed r = routed.get();
    String pubsub = incoming.subscription().pubsubName();
    TopicEventDelivery delivery = new TopicEventDelivery(r.path(), pubsub, message.topic(), r.json(), r.event(),
        r.metadata());
    for (int attempt = 1; ; attempt++) {
      EventReply reply = target.deliver(delivery);
      switch (reply.status()) {
        case SUCCESS -> {
          return;
        }
        case DROP -> {
          LOG.warn("event {} on topic {} of pubsub {} dropped: {}", r.event().get("id"), message.topic(), pubsub,
              reply.reason());
          if (reply.deadLetter()) {
            incoming.deadLetterDropped(message);
          }
          return;
        }
        case RETRY -> {
          if (closing.getAsBoolean()) {
            throw new IllegalStateException("subscription closing; left to the broker: " + reply.reason());
          }
          if (durable && attempt >= retry.durableAttempts()) {
            LOG.warn("event {} on topic {} of pubsub {} not delivered after {} attempts: {}", r.event().get("id"),
                message.topic(), pubsub, attempt, reply.reason());
            incoming.deadLetterOrThrow(message, new IllegalStateException(reply.reason()));
            return;
          }
          LOG.debug("retrying event {} on topic {}: {}", r.event().get("id"), message.topic(), reply.reason());
          Thread.sleep(retry.backoff(attempt).toMillis());
        }
        default -> throw new IllegalStateException("unknown status " + reply.status());
      }
    }
  }
}
