package io.jdaprd.api.http.actors;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.core.Transport;
import io.jdaprd.core.actors.ActorApp;
import io.jdaprd.core.actors.ActorsBlock;
import io.jdaprd.core.actors.ActorsBlock.Operation;
import io.jdaprd.core.actors.ActorsBlock.StateOperation;
import io.jdaprd.core.invoke.InvokeHeaders;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CommonErrors;
import io.jdaprd.golang.GoJson;
import io.jdaprd.golang.GoJsonDecoding;
import io.jdaprd.spi.state.StoredValue;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every route under {@code /v1.0/actors/}: {@code {type}/{id}/method/{method}}, {@code {type}/{id}/state} (a
 * transaction), {@code {type}/{id}/state/{key}}, {@code {type}/{id}/reminders/{name}} and
 * {@code {type}/{id}/timers/{name}}. Bodies are decoded as daprd's {@code json.Decoder} decodes them, so that a body
 * that does not decode is reported with Go's text; any other path under the prefix is an invocation.
 */
public final class ActorsRoutes implements HttpRoutes {
  private static final String PREFIX = "/v1.0/actors/";

  private final ActorsBlock actors;
  private final HttpCalls calls;

  /** The routes of the blocks' actors. */
  public ActorsRoutes(Blocks blocks, HttpCalls calls) {
    this.actors = blocks.get(ActorsBlock.class);
    this.calls = calls;
  }

  @Override
  public void addTo(ServerBuilder sb) {
    sb.route().path("prefix:" + PREFIX).methods(HttpMethod.knownMethods()).build((ctx, req) -> calls.call(ctx, req,
        agg -> {
          String[] parts = ctx.path().substring(PREFIX.length()).split("/", 4);
          String type = decode(parts[0]);
          String id = parts.length > 1 ? decode(parts[1]) : "";
          String kind = parts.length > 2 ? parts[2] : "";
          String name = parts.length > 3 ? decode(parts[3]) : null;
          Operation operation = operation(ctx.method(), kind, name != null);
          byte[] body = agg.content().array();
          return switch (operation) {
            case INVOKE -> invoke(agg, type, id, name == null ? "" : name);
            case GET_STATE -> getState(type, id, name);
            case STATE_TRANSACTION -> {
              String problem = bodyProblem(body, true, "[]api.TransactionalOperation");
              actors.transaction(type, id, problem == null ? operations(body) : List.of(), problem,
                  Transport.HTTP);
              yield HttpCalls.noContent();
            }
            case CREATE_TIMER -> {
              String problem = bodyProblem(body, false, "api.CreateTimerRequest");
              JsonNode json = problem == null ? object(body) : null;
              actors.createTimer(new ActorsBlock.TimerRequest(type, id, name, text(json, "dueTime"),
                  text(json, "period"), text(json, "ttl"), text(json, "callback"), raw(json, "data")), problem,
                  Transport.HTTP);
              yield HttpCalls.noContent();
            }
            case DELETE_TIMER -> {
              actors.deleteTimer(type, id, name, Transport.HTTP);
              yield HttpCalls.noContent();
            }
            case CREATE_REMINDER -> {
              String problem = bodyProblem(body, false, "api.CreateReminderRequest");
              JsonNode json = problem == null ? object(body) : null;
              JsonNode overwrite = json == null ? null : GoJsonDecoding.field(json, "overwrite");
              actors.createReminder(new ActorsBlock.ReminderRequest(type, id, name, text(json, "dueTime"),
                  text(json, "period"), text(json, "ttl"), raw(json, "data"),
                  overwrite == null || overwrite.asBoolean(true)), problem, Transport.HTTP);
              yield HttpCalls.noContent();
            }
            case GET_REMINDER -> HttpCalls.json(reminderJson(actors.getReminder(type, id, name, Transport.HTTP)));
            case DELETE_REMINDER -> {
              actors.deleteReminder(type, id, name, Transport.HTTP);
              yield HttpCalls.noContent();
            }
            case LIST_REMINDERS, DELETE_REMINDERS_BY_TYPE ->
                throw new IllegalStateException("daprd's HTTP API has no route for " + operation);
          };
        }));
  }

  private HttpResponse invoke(AggregatedHttpRequest agg, String type, String id, String method) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    agg.headers().forEach((name, value) -> {
      String key = name.toString();
      if (!key.startsWith(":") && !key.equals("dapr-api-token")) {
        headers.computeIfAbsent(InvokeHeaders.canonical(key), k -> new ArrayList<>()).add(value);
      }
    });
    headers.computeIfAbsent("Dapr-Api-Call", k -> new ArrayList<>()).add("true");
    String contentType = agg.headers().get(HttpHeaderNames.CONTENT_TYPE);
    String query = agg.uri().getRawQuery();
    ActorApp.Reply reply = actors.invoke(new ActorsBlock.Invocation(type, id, method,
        new ActorApp.Request(headers, query, contentType, agg.content().array())), Transport.HTTP);
    ResponseHeadersBuilder out = ResponseHeaders.builder(reply.status());
    InvokeHeaders.toHttp(reply.headers(), (k, v) -> {
      if (!k.startsWith(":")) {
        out.add(k, v);
      }
    });
    out.set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
    return HttpResponse.of(out.build(), HttpData.wrap(reply.body()));
  }

  private HttpResponse getState(String type, String id, String key) {
    Optional<StoredValue> value = actors.getState(type, id, key);
    if (value.isEmpty()) {
      return HttpCalls.noContent();
    }
    ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.OK).contentType(HttpCalls.APPLICATION_JSON);
    value.get().metadata().forEach((k, v) -> headers.add("metadata." + k, v));
    return HttpResponse.of(headers.build(), HttpData.wrap(value.get().data()));
  }

  /** daprd's JSON of a reminder: empty fields left out, {@code data} as the raw JSON stored. */
  private static String reminderJson(ActorsBlock.ReminderView r) {
    GoJson json = new GoJson(128).raw('{').key("actorID", true).string(r.actorId()).key("actorType", false)
        .string(r.actorType());
    if (r.data() != null && !r.data().isEmpty()) {
      json.key("data", false).raw(r.data());
    }
    if (!r.dueTime().isEmpty()) {
      json.key("dueTime", false).string(r.dueTime());
    }
    if (!r.period().isEmpty()) {
      json.key("period", false).string(r.period());
    }
    if (r.ttl() != null) {
      json.key("ttl", false).string(r.ttl());
    }
    return json.raw('}').toString();
  }

  /** The first JSON value of a body that decoded, {@code null} when it is JSON {@code null}. */
  private static JsonNode object(byte[] body) {
    try {
      JsonNode node = GoJsonDecoding.firstValue(body);
      return node == null || node.isNull() ? null : node;
    } catch (IOException e) {
      throw CommonErrors.malformedRequest(e.getMessage());
    }
  }

  /** A string field as Go decodes it into a {@code string}; empty when absent. */
  private static String text(JsonNode object, String field) {
    JsonNode v = object == null ? null : GoJsonDecoding.field(object, field);
    return v == null ? "" : v.asText();
  }

  /** A field kept as raw JSON ({@code json.RawMessage}); {@code null} when absent. */
  private static String raw(JsonNode object, String field) {
    JsonNode v = object == null ? null : GoJsonDecoding.field(object, field);
    return v == null ? null : v.toString();
  }

  /** The operations of a transaction body that decoded; values are stored as Go re-encodes them. */
  private static List<StateOperation> operations(byte[] body) {
    JsonNode array;
    try {
      array = GoJsonDecoding.firstValue(body);
    } catch (IOException e) {
      throw CommonErrors.malformedRequest(e.getMessage());
    }
    List<StateOperation> out = new ArrayList<>();
    if (array == null || !array.isArray()) {
      return out;
    }
    for (JsonNode op : array) {
      JsonNode operation = GoJsonDecoding.field(op, "operation");
      JsonNode request = GoJsonDecoding.field(op, "request");
      String opText = operation == null ? "" : operation.asText();
      if (request == null) {
        out.add(new StateOperation(opText, false, null, null, null, Map.of()));
        continue;
      }
      JsonNode key = GoJsonDecoding.field(request, "key");
      JsonNode value = GoJsonDecoding.field(request, "value");
      JsonNode etag = GoJsonDecoding.field(request, "etag");
      JsonNode metadata = GoJsonDecoding.field(request, "metadata");
      Map<String, String> meta = new LinkedHashMap<>();
      if (metadata != null) {
        metadata.fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
      }
      byte[] bytes = value == null ? "null".getBytes(StandardCharsets.UTF_8)
          : GoJson.marshal(value).getBytes(StandardCharsets.UTF_8);
      out.add(new StateOperation(opText, true, key == null ? "" : key.asText(), bytes,
          etag == null ? null : etag.asText(), meta));
    }
    return out;
  }

  private static Operation operation(HttpMethod method, String kind, boolean named) {
    boolean write = method == HttpMethod.POST || method == HttpMethod.PUT;
    return switch (kind) {
      case "state" -> !named && write ? Operation.STATE_TRANSACTION
          : named && method == HttpMethod.GET ? Operation.GET_STATE : Operation.INVOKE;
      case "reminders" -> !named ? Operation.INVOKE : write ? Operation.CREATE_REMINDER
          : method == HttpMethod.DELETE ? Operation.DELETE_REMINDER
          : method == HttpMethod.GET ? Operation.GET_REMINDER : Operation.INVOKE;
      case "timers" -> !named ? Operation.INVOKE : write ? Operation.CREATE_TIMER
          : method == HttpMethod.DELETE ? Operation.DELETE_TIMER : Operation.INVOKE;
      default -> Operation.INVOKE;
    };
  }

  /**
   * Go's text of why {@code body} does not decode into a value of Go type {@code goType} (a slice when
   * {@code array}), as {@code json.Decoder} words it, or {@code null} when it decodes.
   */
  static String bodyProblem(byte[] body, boolean array, String goType) {
    if (new String(body, StandardCharsets.UTF_8).isBlank()) {
      return "EOF";
    }
    String[] problem = new String[1];
    JsonNode node;
    try {
      node = GoJsonDecoding.parse(body, text -> {
        problem[0] = text;
        return CommonErrors.malformedRequest(text);
      });
    } catch (DaprException e) {
      return problem[0];
    }
    if (node.isNull() || (array ? node.isArray() : node.isObject())) {
      return null;
    }
    String kind = node.isTextual() ? "string" : node.isNumber() ? "number" : node.isBoolean() ? "bool"
        : node.isArray() ? "array" : "object";
    return "json: cannot unmarshal " + kind + " into Go value of type " + goType;
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
