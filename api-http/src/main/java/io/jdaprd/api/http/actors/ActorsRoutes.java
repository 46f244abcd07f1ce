package io.jdaprd.api.http.actors;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.golang.GoJsonDecoding;
import io.jdaprd.core.Transport;
import io.jdaprd.core.actors.ActorsBlock;
import io.jdaprd.core.actors.ActorsBlock.Operation;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CommonErrors;

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
          String kind = parts.length > 2 ? parts[2] : "";
          String name = parts.length > 3 ? decode(parts[3]) : null;
          Operation operation = operation(ctx.method(), kind, name != null);
          String bodyProblem = switch (operation) {
            case STATE_TRANSACTION -> bodyProblem(agg.content().array(), true, "[]api.TransactionalOperation");
            case CREATE_REMINDER -> bodyProblem(agg.content().array(), false, "api.CreateReminderRequest");
            case CREATE_TIMER -> bodyProblem(agg.content().array(), false, "api.CreateTimerRequest");
            default -> null;
          };
          actors.call(new ActorsBlock.Call(operation, type, name, bodyProblem), Transport.HTTP);
          return HttpCalls.noContent();
        }));
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
    if (new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
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
    return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }
}
