package io.jdaprd.core.pubsub.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdaprd.core.component.LoadProblem;
import io.jdaprd.core.component.ResourceLoader.ResourceDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads declarative {@code Subscription} resources: {@code dapr.io/v2alpha1} ({@code spec.routes.rules} and
 * {@code spec.routes.default}) and the deprecated {@code dapr.io/v1alpha1} ({@code spec.route}). A subscription
 * whose top-level {@code scopes} do not name this app, or whose {@code metadata.namespace} is another namespace, is
 * skipped; one that cannot be used (including one with a routing rule that does not compile: rules are compiled here,
 * once) becomes a {@link LoadProblem} and the others are still read.
 */
public final class SubscriptionResources {
  private final String appId;
  private final String namespace;

  /**
   * @param appId this sidecar's app id (scopes)
   * @param namespace this sidecar's {@code NAMESPACE}, or {@code null}
   */
  public SubscriptionResources(String appId, String namespace) {
    this.appId = appId;
    this.namespace = namespace;
  }

  /** What was read. */
  public record Result(List<TopicSubscription> subscriptions, List<LoadProblem> problems) {
  }

  /** Reads the {@code Subscription} documents among {@code documents}. */
  public Result read(List<ResourceDocument> documents) {
    List<TopicSubscription> subscriptions = new ArrayList<>();
    List<LoadProblem> problems = new ArrayList<>();
    for (ResourceDocument d : documents) {
      if (!"Subscription".equals(d.kind())) {
        continue;
      }
      JsonNode doc = d.document();
      String name = doc.path("metadata").path("name").asText("");
      String ns = doc.path("metadata").path("namespace").asText("");
      if (!ns.isEmpty() && namespace != null && !ns.equals(namespace)) {
        continue;
      }
      if (!visible(doc.path("scopes"))) {
        continue;
      }
      String problem = problem(doc);
      if (problem != null) {
        problems.add(new LoadProblem(d.source(), name.isEmpty() ? null : name, problem));
        continue;
      }
      TopicSubscription subscription = subscription(doc.path("spec"), doc.path("apiVersion").asText(""));
      try {
        subscriptions.add(withCompiledRoutes(subscription));
      } catch (IllegalArgumentException e) {
        problems.add(new LoadProblem(d.source(), name, "spec.routes.rules: " + e.getMessage()));
      }
    }
    return new Result(subscriptions, problems);
  }

  private static TopicSubscription withCompiledRoutes(TopicSubscription s) {
    return new TopicSubscription(s.pubsubName(), s.topic(), s.rules(), s.defaultPath(), s.metadata(),
        s.deadLetterTopic(), s.bulk(), s.source(), RouteMatcher.of(s));
  }

  private boolean visible(JsonNode scopes) {
    if (!scopes.isArray() || scopes.isEmpty()) {
      return true;
    }
    for (JsonNode s : scopes) {
      if (appId.equals(s.asText())) {
        return true;
      }
    }
    return false;
  }

  private static String problem(JsonNode doc) {
    String api = doc.path("apiVersion").asText("");
    if (!api.equals("dapr.io/v1alpha1") && !api.equals("dapr.io/v2alpha1")) {
      return "apiVersion: " + (api.isEmpty() ? "(missing)" : api)
          + " (expected: dapr.io/v2alpha1 or dapr.io/v1alpha1)";
    }
    if (doc.path("metadata").path("name").asText("").isBlank()) {
      return "metadata.name is required";
    }
    JsonNode spec = doc.path("spec");
    if (spec.path("pubsubname").asText("").isBlank()) {
      return "spec.pubsubname is required";
    }
    if (spec.path("topic").asText("").isBlank()) {
      return "spec.topic is required";
    }
    JsonNode routes = spec.path("routes");
    if (!routes.isMissingNode() && !routes.isNull() && !routes.isObject()) {
      return "spec.routes: expected an object with rules and default";
    }
    JsonNode rules = routes.path("rules");
    if (!rules.isMissingNode() && !rules.isNull() && !rules.isArray()) {
      return "spec.routes.rules: expected a list of {match, path}";
    }
    JsonNode metadata = spec.path("metadata");
    if (!metadata.isMissingNode() && !metadata.isNull() && !metadata.isObject()) {
      return "spec.metadata: expected a map of names to values";
    }
    if (path(spec).isEmpty() && !hasRulePath(rules)) {
      return "spec.routes: no route (expected routes.default, routes.rules or, in v1alpha1, route)";
    }
    return null;
  }

  private static boolean hasRulePath(JsonNode rules) {
    for (JsonNode r : rules) {
      if (!r.path("path").asText("").isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static String path(JsonNode spec) {
    String byDefault = spec.path("routes").path("default").asText("");
    return byDefault.isEmpty() ? spec.path("route").asText("") : byDefault;
  }

  private static TopicSubscription subscription(JsonNode spec, String apiVersion) {
    List<RouteRule> rules = new ArrayList<>();
    if (apiVersion.equals("dapr.io/v2alpha1")) {
      for (JsonNode r : spec.path("routes").path("rules")) {
        rules.add(new RouteRule(r.path("match").asText(""), r.path("path").asText("")));
      }
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    spec.path("metadata").properties().forEach(e -> metadata.put(e.getKey(),
        e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    JsonNode bulk = spec.path("bulkSubscribe");
    BulkSubscribeSpec bulkSpec = bulk.isObject() ? new BulkSubscribeSpec(bulk.path("enabled").asBoolean(false),
        bulk.path("maxMessagesCount").asInt(0), bulk.path("maxAwaitDurationMs").asInt(0)) : BulkSubscribeSpec.OFF;
    return new TopicSubscription(spec.path("pubsubname").asText(), spec.path("topic").asText(), rules, path(spec),
        metadata, spec.path("deadLetterTopic").asText(""), bulkSpec, TopicSubscription.Source.DECLARATIVE);
  }
}
