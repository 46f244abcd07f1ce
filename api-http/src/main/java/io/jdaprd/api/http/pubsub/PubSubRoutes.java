package io.jdaprd.api.http.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.core.pubsub.BulkPublishCommand;
import io.jdaprd.core.pubsub.BulkPublishEvents;
import io.jdaprd.core.pubsub.BulkPublishOutcome;
import io.jdaprd.core.pubsub.PubSubBlock;
import io.jdaprd.core.pubsub.PublishCommand;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.PubSubErrors;
import io.jdaprd.golang.GoJsonDecoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP publish routes: {@code POST|PUT /v1.0/publish/{pubsub}/{topic}} and bulk publish on
 * {@code /v1.0-alpha1/publish/bulk/...} and {@code /v1.0/publish/bulk/...}. The topic is the rest of the path, so it
 * may contain slashes. As with daprd's router, {@code /v1.0/publish/bulk/...} is always a bulk publish.
 */
public final class PubSubRoutes implements io.jdaprd.api.http.calls.HttpRoutes {

  private final PubSubBlock pubsub;
  private final String appId;
  private final HttpCalls calls;

  public PubSubRoutes(PubSubBlock pubsub, String appId, HttpCalls calls) {
    this.pubsub = pubsub;
    this.appId = appId;
    this.calls = calls;
  }

  /** Adds the routes to {@code sb}. */
  public void addTo(ServerBuilder sb) {
    for (String prefix : new String[] {"/v1.0/publish/bulk/", "/v1.0-alpha1/publish/bulk/"}) {
      sb.route().pathPrefix(prefix).methods(HttpMethod.POST, HttpMethod.PUT)
          .build((ctx, req) -> bulkPublish(ctx, req, prefix));
    }
    sb.route().pathPrefix("/v1.0/publish/").methods(HttpMethod.POST, HttpMethod.PUT)
        .build((ctx, req) -> ctx.path().startsWith("/v1.0/publish/bulk/")
            ? bulkPublish(ctx, req, "/v1.0/publish/bulk/") : publish(ctx, req, "/v1.0/publish/"));
  }

  private HttpResponse publish(ServiceRequestContext ctx, HttpRequest req, String prefix) {
    String[] target = target(ctx.path(), prefix);
    String contentType = req.headers().get("content-type");
    String traceparent = req.headers().get("traceparent");
    String tracestate = req.headers().get("tracestate");
    return calls.call(ctx, req, agg -> {
      pubsub.publish(new PublishCommand(target[0], target[1], agg.content().array(), contentType,
          HttpCalls.metadata(agg), PublishCommand.Transport.HTTP, traceparent, tracestate));
      return HttpCalls.noContent();
    }, cause -> pubsub.bodyReadFailure(target[0], target[1], "stream too large"));
  }

  private HttpResponse bulkPublish(ServiceRequestContext ctx, HttpRequest req, String prefix) {
    String[] target = target(ctx.path(), prefix);
    String traceparent = req.headers().get("traceparent");
    String tracestate = req.headers().get("tracestate");
    return calls.call(ctx, req, agg -> {
      BulkPublishOutcome outcome = pubsub.bulkPublish(target[0], target[1], HttpCalls.metadata(agg),
          PublishCommand.Transport.HTTP, traceparent, tracestate, () -> entries(agg, target[0], target[1]));
      if (outcome.error() == null) {
        return HttpCalls.noContent();
      }
      return partialFailure(outcome);
    });
  }

  private List<BulkPublishCommand.Entry> entries(AggregatedHttpRequest agg, String name, String topic) {
    byte[] body = agg.content().array();
    if (body.length == 0) {
      throw PubSubErrors.unmarshalEvents(name, topic, appId, "EOF");
    }
    JsonNode root = GoJsonDecoding.parse(body, m -> PubSubErrors.unmarshalEvents(name, topic, appId, m));
    if (!root.isArray() && !root.isNull()) {
      throw PubSubErrors.unmarshalEvents(name, topic, appId,
          GoJsonDecoding.typeMismatch(root, null, "[]http.bulkPublishMessageEntry"));
    }
    List<BulkPublishCommand.Entry> entries = new ArrayList<>();
    for (JsonNode e : root) {
      if (!e.isObject() && !e.isNull()) {
        throw PubSubErrors.unmarshalEvents(name, topic, appId,
            GoJsonDecoding.typeMismatch(e, null, "http.bulkPublishMessageEntry"));
      }
      String entryId = text(e, "entryId", name, topic);
      String contentType = text(e, "contentType", name, topic);
      Map<String, String> metadata = null;
      JsonNode m = goField(e, "metadata");
      if (m != null && m.isObject()) {
        metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> kv : m.properties()) {
          if (!kv.getValue().isTextual()) {
            throw PubSubErrors.unmarshalEvents(name, topic, appId, GoJsonDecoding.typeMismatch(kv.getValue(),
                "bulkPublishMessageEntry.metadata", "string"));
          }
          metadata.put(kv.getKey(), kv.getValue().asText());
        }
      } else if (m != null && !m.isNull()) {
        throw PubSubErrors.unmarshalEvents(name, topic, appId,
            GoJsonDecoding.typeMismatch(m, "bulkPublishMessageEntry.metadata", "map[string]string"));
      }
      byte[] event = BulkPublishEvents.eventBytes(goField(e, "event"), contentType, name, topic, appId);
      entries.add(new BulkPublishCommand.Entry(entryId, event, contentType, metadata));
    }
    return entries;
  }

  /**
   * The value of {@code field} in {@code object} as Go's {@code encoding/json} finds it: a key matching the field's
   * name case-insensitively (the JS SDK sends {@code entryID}), the last such key winning; null if none.
   */
  static JsonNode goField(JsonNode object, String field) {
    JsonNode found = null;
    for (Map.Entry<String, JsonNode> kv : object.properties()) {
      if (kv.getKey().equalsIgnoreCase(field)) {
        found = kv.getValue();
      }
    }
    return found;
  }

  private String text(JsonNode entry, String field, String name, String topic) {
    JsonNode v = goField(entry, field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw PubSubErrors.unmarshalEvents(name, topic, appId,
          GoJsonDecoding.typeMismatch(v, "bulkPublishMessageEntry." + field, "string"));
    }
    return v.asText();
  }

  /** daprd's 500 with {@code failedEntries}, and the same JSON and the error text as metadata headers. */
  private HttpResponse partialFailure(BulkPublishOutcome outcome) {
    String json = outcome.failedEntriesJson();
    ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.INTERNAL_SERVER_ERROR)
        .contentType(HttpCalls.APPLICATION_JSON)
        .add("metadata.responseData", json)
        .add("metadata.error", outcome.errorText())
        .build();
    return HttpResponse.of(headers, HttpData.ofUtf8(json));
  }

  /**
   * The error of a publish route whose body is over {@code --max-body-size}, or {@code null} for another path:
   * daprd reads the body through a size-limited reader, so publish answers ERR_PUBSUB_PUBLISH_MESSAGE and bulk
   * publish ERR_PUBSUB_EVENTS_SER (its JSON decoder fails), after the usual checks of the target.
   */
  public DaprException bodyTooLarge(String path, String cause) {
    String bare = path.indexOf('?') < 0 ? path : path.substring(0, path.indexOf('?'));
    for (String prefix : new String[] {"/v1.0/publish/bulk/", "/v1.0-alpha1/publish/bulk/"}) {
      if (bare.startsWith(prefix)) {
        String[] target = target(bare, prefix);
        try {
          pubsub.checkTarget(target[0], target[1], Map.of(), PublishCommand.Transport.HTTP);
        } catch (DaprException e) {
          return e;
        }
        return PubSubErrors.unmarshalEvents(target[0], target[1], appId, cause);
      }
    }
    if (bare.startsWith("/v1.0/publish/")) {
      String[] target = target(bare, "/v1.0/publish/");
      return pubsub.bodyReadFailure(target[0], target[1], cause);
    }
    return null;
  }

  /** The pub/sub name and the topic (the rest of the path, percent-decoded) after {@code prefix}. */
  private static String[] target(String path, String prefix) {
    String rest = path.substring(prefix.length());
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(0, slash);
    String topic = slash < 0 ? "" : rest.substring(slash + 1);
    return new String[] {decode(name), decode(topic)};
  }

  private static String decode(String s) {
    try {
      return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
