package io.jdaprd.core.pubsub.routing;

import java.util.List;
import java.util.Map;

/**
 * A subscription of the app to one topic, from whichever source declared it.
 *
 * @param pubsubName the pub/sub component
 * @param topic the topic
 * @param rules the routing rules, evaluated in order; the default path is not among them
 * @param defaultPath where events no rule matches go ({@code routes.default}, else {@code route}); empty for none
 * @param metadata the subscription metadata (for example {@code rawPayload}, {@code consumerID})
 * @param deadLetterTopic where dropped or undeliverable events go, on the same pub/sub; empty for none
 * @param bulk the bulk subscribe settings
 * @param source who declared it
 * @param compiledRoutes the rules and default path already compiled (a resource's, checked when it was read), or
 *     {@code null} to compile them when the subscription starts
 */
public record TopicSubscription(String pubsubName, String topic, List<RouteRule> rules, String defaultPath,
    Map<String, String> metadata, String deadLetterTopic, BulkSubscribeSpec bulk, Source source,
    RouteMatcher compiledRoutes) {

  /** A subscription whose routes are compiled when it starts. */
  public TopicSubscription(String pubsubName, String topic, List<RouteRule> rules, String defaultPath,
      Map<String, String> metadata, String deadLetterTopic, BulkSubscribeSpec bulk, Source source) {
    this(pubsubName, topic, rules, defaultPath, metadata, deadLetterTopic, bulk, source, null);
  }

  /** Where a subscription comes from, as the metadata API names it. */
  public enum Source {
    /** A {@code Subscription} resource. */
    DECLARATIVE,
    /** The app's {@code GET /dapr/subscribe} or {@code ListTopicSubscriptions}. */
    PROGRAMMATIC,
    /** A gRPC {@code SubscribeTopicEventsAlpha1} stream. */
    STREAMING
  }

  public TopicSubscription {
    rules = rules == null ? List.of() : List.copyOf(rules);
    defaultPath = defaultPath == null ? "" : defaultPath;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    deadLetterTopic = deadLetterTopic == null ? "" : deadLetterTopic;
    bulk = bulk == null ? BulkSubscribeSpec.OFF : bulk;
  }
}
