package io.jdaprd.spi.pubsub;

import io.jdaprd.spi.Component;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A message broker. The contract every implementation keeps (and {@code spi-testkit}'s {@code PubSubConformance}
 * checks):
 *
 * <ul>
 *   <li><b>Publish</b> returns once the broker has accepted the message; with {@link PubSubFeature#DURABLE} an
 *       accepted message survives a broker restart (given the component's durability settings).</li>
 *   <li><b>Consumer groups.</b> Subscribers that share a consumer id (the {@code consumerID} metadata of the
 *       subscription, else of the component, else the app id) compete: each message goes to one of them. Subscribers
 *       with different consumer ids each get every message published after they subscribed.</li>
 *   <li><b>Acknowledgement.</b> The component calls the {@link MessageHandler} and acknowledges the message when the
 *       handler returns normally. When the handler throws, the message is not acknowledged: a
 *       {@link PubSubFeature#DURABLE} broker delivers it again later (at least once); a non-durable one logs and
 *       drops it.</li>
 *   <li><b>Concurrency.</b> The handler may be called on several threads at once, at most as many as the
 *       component's concurrency setting allows; it blocks until the application has answered.</li>
 *   <li><b>Faults.</b> The component reconnects by itself after the broker goes away and resumes its subscriptions;
 *       a publish while the broker is away fails with {@link PubSubException}.</li>
 *   <li><b>Time to live.</b> With {@link PubSubFeature#MESSAGE_TTL}, the {@code ttlInSeconds} publish metadata
 *       makes the broker discard the message when it expires; without it the runtime adds an {@code expiration}
 *       to the envelope instead.</li>
 * </ul>
 */
public interface PubSub extends Component {

  /** What this broker supports; fixed after {@link #init}. */
  Set<PubSubFeature> features();

  /** Publishes one message; returns when the broker has accepted it. */
  void publish(PublishRequest request) throws PubSubException;

  /**
   * Publishes several messages to one topic. The default publishes them one by one and goes on after a failure.
   *
   * @return the entries that failed, with their errors; empty when all were accepted
   */
  default List<BulkPublishFailure> bulkPublish(List<PublishRequest> requests) {
    List<BulkPublishFailure> failed = new ArrayList<>();
    for (PublishRequest r : requests) {
      try {
        publish(r);
      } catch (PubSubException | RuntimeException e) {
        failed.add(new BulkPublishFailure(r.entryId(), e.getMessage()));
      }
    }
    return failed;
  }

  /**
   * Starts delivering the messages of one topic to {@code handler}, until the returned subscription is closed.
   *
   * @throws PubSubException when the broker refuses the subscription (for example, it cannot be reached)
   */
  Subscription subscribe(SubscribeRequest request, MessageHandler handler) throws PubSubException;
}
