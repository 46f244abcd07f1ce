package io.jdaprd.core.pubsub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jdaprd.core.component.ResourceLoader.ResourceDocument;
import io.jdaprd.core.pubsub.delivery.Subscriptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionResourcesTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  private static SubscriptionResources.Result read(String... yaml) throws Exception {
    List<ResourceDocument> docs = new java.util.ArrayList<>();
    for (String y : yaml) {
      JsonNode node = YAML.readTree(y);
      docs.add(new ResourceDocument(node.path("kind").asText(), node, Path.of("subs.yaml")));
    }
    return new SubscriptionResources("app1", null).read(docs);
  }

  @Test
  void readsV2WithRulesDefaultDeadLetterBulkAndMetadata() throws Exception {
    SubscriptionResources.Result r = read("""
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata: {name: orders}
        spec:
          pubsubname: pubsub
          topic: orders
          routes:
            rules:
              - match: event.type == "big"
                path: /big
            default: /orders
          deadLetterTopic: poison
          bulkSubscribe: {enabled: true, maxMessagesCount: 10, maxAwaitDurationMs: 50}
          metadata: {rawPayload: "true"}
        """);
    assertThat(r.problems()).isEmpty();
    TopicSubscription s = r.subscriptions().getFirst();
    assertThat(s.pubsubName()).isEqualTo("pubsub");
    assertThat(s.rules()).containsExactly(new RouteRule("event.type == \"big\"", "/big"));
    assertThat(s.defaultPath()).isEqualTo("/orders");
    assertThat(s.deadLetterTopic()).isEqualTo("poison");
    assertThat(s.bulk()).isEqualTo(new BulkSubscribeSpec(true, 10, 50));
    assertThat(s.metadata()).containsEntry("rawPayload", "true");
    assertThat(s.source()).isEqualTo(TopicSubscription.Source.DECLARATIVE);
  }

  @Test
  void readsV1Route() throws Exception {
    SubscriptionResources.Result r = read("""
        apiVersion: dapr.io/v1alpha1
        kind: Subscription
        metadata: {name: old}
        spec: {pubsubname: pubsub, topic: t, route: /t}
        """);
    assertThat(r.subscriptions()).singleElement().satisfies(s -> {
      assertThat(s.defaultPath()).isEqualTo("/t");
      assertThat(s.rules()).isEmpty();
    });
  }

  @Test
  void skipsOtherAppsAndReportsUnusableOnes() throws Exception {
    SubscriptionResources.Result r = read("""
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata: {name: theirs}
        spec: {pubsubname: pubsub, topic: t, routes: {default: /t}}
        scopes: [app2]
        """, """
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata: {name: noroute}
        spec: {pubsubname: pubsub, topic: t}
        """, """
        apiVersion: dapr.io/v3
        kind: Subscription
        metadata: {name: future}
        spec: {pubsubname: pubsub, topic: t, route: /t}
        """, """
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata: {name: notopic}
        spec: {pubsubname: pubsub, routes: {default: /t}}
        """);
    assertThat(r.subscriptions()).isEmpty();
    assertThat(r.problems()).extracting(p -> p.describe()).satisfiesExactly(
        p -> assertThat(p).contains("noroute").contains("spec.routes: no route"),
        p -> assertThat(p).contains("apiVersion: dapr.io/v3 (expected: dapr.io/v2alpha1 or dapr.io/v1alpha1)"),
        p -> assertThat(p).contains("spec.topic is required"));
  }

  @Test
  void programmaticReplacesDeclarativeForTheSameTopic() {
    TopicSubscription declared = new TopicSubscription("pubsub", "t", List.of(), "/declared", null, null, null,
        TopicSubscription.Source.DECLARATIVE);
    TopicSubscription other = new TopicSubscription("pubsub", "u", List.of(), "/u", null, null, null,
        TopicSubscription.Source.DECLARATIVE);
    TopicSubscription app = new TopicSubscription("pubsub", "t", List.of(), "/app", null, null, null,
        TopicSubscription.Source.PROGRAMMATIC);
    assertThat(Subscriptions.merge(List.of(declared, other), List.of(app)))
        .extracting(TopicSubscription::defaultPath).containsExactly("/app", "/u");
  }

  @Test
  void aRuleThatDoesNotCompileIsAProblemNamingTheFileTheSubscriptionAndTheRule() throws Exception {
    SubscriptionResources.Result r = read("""
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata: {name: broken}
        spec:
          pubsubname: pubsub
          topic: orders
          routes:
            rules:
              - {match: "event.type == 'a'", path: /a}
              - {match: "event.type ==", path: /b}
            default: /orders
        """, """
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata: {name: fine}
        spec:
          pubsubname: pubsub
          topic: other
          routes:
            rules:
              - {match: "timestamp(event.time) > timestamp('2020-01-01T00:00:00Z')", path: /new}
            default: /old
        """);
    assertThat(r.problems()).extracting(p -> p.describe()).singleElement().satisfies(p -> assertThat(p)
        .startsWith("subs.yaml: ").contains("broken")
        .contains("spec.routes.rules: match: event.type == (expected: a CEL expression: syntax error at column 14"));
    assertThat(r.subscriptions()).singleElement().satisfies(s -> {
      assertThat(s.topic()).isEqualTo("other");
      assertThat(s.compiledRoutes()).isNotNull();
      assertThat(s.compiledRoutes().route(java.util.Map.of("time", "2021-06-01T00:00:00Z")))
          .isEqualTo(new RouteMatcher.Deliver("/new"));
    });
  }
}
