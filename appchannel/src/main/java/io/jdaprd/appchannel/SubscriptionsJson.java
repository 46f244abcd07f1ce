package io.jdaprd.appchannel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jdaprd.core.appchannel.AppChannelException;
import io.jdaprd.core.pubsub.routing.BulkSubscribeSpec;
import io.jdaprd.core.pubsub.routing.RouteRule;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import io.jdaprd.golang.GoJsonDecoding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of the app's {@code GET /dapr/subscribe}: a JSON array of subscriptions, each with {@code pubsubname},
 * {@code topic}, {@code route} (v1) or {@code routes: {rules: [{match, path}], default}} (v2), {@code metadata},
 * {@code deadLetterTopic} and {@code bulkSubscribe: {enabled, maxMessagesCount, maxAwaitDurationMs}}. The default
 * path is {@code routes.default}, else {@code route}; entries with neither a rule nor a default are left out, as
 * daprd leaves them out. An empty body or {@code null} means no subscriptions.
 */
final class SubscriptionsJson {
  private static final String CALL = "GET /dapr/subscribe";

  private SubscriptionsJson() {
  }

  static List<TopicSubscription> parse(byte[] body) throws AppChannelException {
    JsonNode root = read(body);
    if (root == null || root.isNull() || root.isMissingNode()) {
      return List.of();
    }
    if (!root.isArray()) {
      throw invalid("body: " + kind(root) + " (expected: a JSON array of subscriptions)");
    }
    List<TopicSubscription> subscriptions = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode entry = root.get(i);
      if (entry.isNull()) {
        continue;
      }
      if (!entry.isObject()) {
        throw invalid("entry " + i + ": " + kind(entry) + " (expected: an object)");
      }
      TopicSubscription s = subscription(entry, "entry " + i);
      if (!s.rules().isEmpty() || !s.defaultPath().isEmpty()) {
        subscriptions.add(s);
      }
    }
    return List.copyOf(subscriptions);
  }

  private static TopicSubscription subscription(JsonNode entry, String where) throws AppChannelException {
    String pubsubName = string(entry, "pubsubname", where);
    String topic = string(entry, "topic", where);
    String route = string(entry, "route", where);
    String deadLetterTopic = string(entry, "deadLetterTopic", where);
    List<RouteRule> rules = new ArrayList<>();
    String defaultPath = "";
    JsonNode routes = GoJsonDecoding.field(entry, "routes");
    if (routes != null) {
      requireObject(routes, where + " routes");
      defaultPath = string(routes, "default", where + " routes");
      JsonNode ruleList = GoJsonDecoding.field(routes, "rules");
      if (ruleList != null) {
        if (!ruleList.isArray()) {
          throw invalid(where + " routes.rules: " + kind(ruleList) + " (expected: an array)");
        }
        for (int r = 0; r < ruleList.size(); r++) {
          JsonNode rule = ruleList.get(r);
          if (rule.isNull()) {
            continue;
          }
          String ruleWhere = where + " routes.rules[" + r + "]";
          requireObject(rule, ruleWhere);
          rules.add(new RouteRule(string(rule, "match", ruleWhere).trim(), string(rule, "path", ruleWhere)));
        }
      }
    }
    if (defaultPath.isEmpty()) {
      defaultPath = route;
    }
    return new TopicSubscription(pubsubName, topic, rules, defaultPath, metadata(entry, where), deadLetterTopic,
        bulk(entry, where), TopicSubscription.Source.PROGRAMMATIC);
  }

  private static Map<String, String> metadata(JsonNode entry, String where) throws AppChannelException {
    JsonNode node = GoJsonDecoding.field(entry, "metadata");
    Map<String, String> metadata = new LinkedHashMap<>();
    if (node == null) {
      return metadata;
    }
    requireObject(node, where + " metadata");
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        continue;
      }
      if (!e.getValue().isTextual()) {
        throw invalid(where + " metadata." + e.getKey() + ": " + e.getValue() + " (expected: a string)");
      }
      metadata.put(e.getKey(), e.getValue().textValue());
    }
    return metadata;
  }

  private static BulkSubscribeSpec bulk(JsonNode entry, String where) throws AppChannelException {
    JsonNode node = GoJsonDecoding.field(entry, "bulkSubscribe");
    if (node == null) {
      return BulkSubscribeSpec.OFF;
    }
    String bulkWhere = where + " bulkSubscribe";
    requireObject(node, bulkWhere);
    JsonNode enabled = GoJsonDecoding.field(node, "enabled");
    if (enabled != null && !enabled.isBoolean()) {
      throw invalid(bulkWhere + ".enabled: " + enabled + " (expected: true or false)");
    }
    return new BulkSubscribeSpec(enabled != null && enabled.booleanValue(),
        int32(node, "maxMessagesCount", bulkWhere), int32(node, "maxAwaitDurationMs", bulkWhere));
  }

  private static int int32(JsonNode object, String name, String where) throws AppChannelException {
    JsonNode value = GoJsonDecoding.field(object, name);
    if (value == null) {
      return 0;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw invalid(where + "." + name + ": " + value + " (expected: a 32-bit integer)");
    }
    return value.intValue();
  }

  private static String string(JsonNode object, String name, String where) throws AppChannelException {
    String value = GoJsonDecoding.stringField(object, name);
    if (value == null) {
      throw invalid(where + " " + name + ": " + GoJsonDecoding.field(object, name) + " (expected: a string)");
    }
    return value;
  }

  private static void requireObject(JsonNode node, String where) throws AppChannelException {
    if (!node.isObject()) {
      throw invalid(where + ": " + kind(node) + " (expected: an object)");
    }
  }

  private static JsonNode read(byte[] body) throws AppChannelException {
    if (body.length == 0) {
      return null;
    }
    try {
      return GoJsonDecoding.firstValue(body);
    } catch (IOException e) {
      throw invalid("body is not JSON: "
          + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
  }

  private static String kind(JsonNode node) {
    String text = node.toString();
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  private static AppChannelException invalid(String problem) {
    return new AppChannelException(CALL + ": the app's answer does not parse: " + problem);
  }
}
