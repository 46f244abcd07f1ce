package io.jdaprd.core.pubsub.delivery;

import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.core.resiliency.Policy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one subscription's messages to its target one at a time, with daprd's semantics: {@code SUCCESS}
 * acknowledges; {@code DROP} acknowledges after dead-lettering (when the reply allows and a dead-letter topic is
 * set); {@code RETRY} is retried under the subscription's {@link Policy} (see {@link DeliveryPolicies}) and then
 * dead-lettered or handed back to the broker (the handler throws, so a durable broker delivers it again). While the
 * subscription closes, a message that was not taken is handed back to the broker, never dead-lettered.
 */
final class EventDelivery implements MessageHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);

  private final IncomingEvents incoming;
  private final EventTarget target;
  private final Policy policy;
  private final BooleanSupplier closing;

  EventDelivery(IncomingEvents incoming, EventTarget target, Policy policy, BooleanSupplier closing) {
    this.incoming = incoming;
    this.target = target;
    this.policy = policy;
    this.closing = closing;
  }

  /** The app did not take the event; the reason is the last answer's. */
  private static final class Undelivered extends Exception {
    private final boolean closing;

    Undelivered(String reason, boolean closing) {
      super(reason, null, false, false);
      this.closing = closing;
    }
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
    AtomicInteger attempts = new AtomicInteger();
    EventReply reply;
    try {
      reply = policy.run(() -> {
        attempts.incrementAndGet();
        EventReply answer = target.deliver(delivery);
        return switch (answer.status()) {
          case SUCCESS, DROP -> answer;
          case RETRY -> {
            LOG.debug("event {} on topic {} not taken: {}", r.event().get("id"), message.topic(), answer.reason());
            throw new Undelivered(answer.reason(), closing.getAsBoolean());
          }
        };
      }, reason -> new Undelivered(reason, closing.getAsBoolean()), e -> e instanceof Undelivered u && u.closing);
    } catch (Undelivered e) {
      if (e.closing || closing.getAsBoolean()) {
        throw new IllegalStateException("subscription closing; left to the broker: " + e.getMessage());
      }
      LOG.warn("event {} on topic {} of pubsub {} not delivered after {} attempts: {}", r.event().get("id"),
          message.topic(), pubsub, attempts.get(), e.getMessage());
      incoming.deadLetterOrThrow(message, new IllegalStateException(e.getMessage()));
      return;
    }
    if (reply.status() == EventStatus.DROP) {
      LOG.warn("event {} on topic {} of pubsub {} dropped: {}", r.event().get("id"), message.topic(), pubsub,
          reply.reason());
      if (reply.deadLetter()) {
        incoming.deadLetterDropped(message);
      }
    }
  }
}
