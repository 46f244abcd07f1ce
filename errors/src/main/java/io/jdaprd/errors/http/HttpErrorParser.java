package io.jdaprd.errors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.errors.CatalogLookup;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.errors.details.BadRequest;
import io.jdaprd.errors.details.DebugInfo;
import io.jdaprd.errors.details.ErrorDetail;
import io.jdaprd.errors.details.ErrorInfo;
import io.jdaprd.errors.details.Help;
import io.jdaprd.errors.details.LocalizedMessage;
import io.jdaprd.errors.details.PreconditionFailure;
import io.jdaprd.errors.details.QuotaFailure;
import io.jdaprd.errors.details.RequestInfo;
import io.jdaprd.errors.details.ResourceInfo;
import io.jdaprd.errors.details.RetryInfo;
import io.jdaprd.golang.GoDurations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns an HTTP error response from a Dapr sidecar back into a {@link DaprException} with typed details. Accepts
 * dapr/kit's snake_case detail keys and protojson's camelCase ones. A body that is not a Dapr error becomes
 * {@link ErrorCode#ERROR} with the body text as its message.
 */
public final class HttpErrorParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HttpErrorParser() {
  }

  /** Parses a response with status {@code status} and body {@code body}. */
  public static DaprException parse(int status, byte[] body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      root = null;
    }
    if (root == null || !root.isObject() || !root.hasNonNull("errorCode")) {
      String text = new String(body, StandardCharsets.UTF_8);
      return DaprException.builder(ErrorCode.ERROR).message(text).httpStatus(status).parsed().build();
    }
    String errorCode = root.get("errorCode").asText();
    String message = root.path("message").asText("");
    List<ErrorDetail> details = new ArrayList<>();
    for (JsonNode d : root.path("details")) {
      ErrorDetail detail = detail(d);
      if (detail != null) {
        details.add(detail);
      }
    }
    String reason = null;
    for (ErrorDetail d : details) {
      if (d instanceof ErrorInfo info) {
        reason = info.reason();
        break;
      }
    }
    ErrorCode code = CatalogLookup.fromHttp(errorCode, reason, status, message);
    DaprException.Builder b = DaprException.builder(code).message(message).errorCode(errorCode).httpStatus(status)
        .parsed();
    details.forEach(b::detail);
    return b.build();
  }

  /** Parses a body given as text. */
  public static DaprException parse(int status, String body) {
    return parse(status, body.getBytes(StandardCharsets.UTF_8));
  }

  static ErrorDetail detail(JsonNode d) {
    String type = d.path("@type").asText("");
    String name = type.substring(type.lastIndexOf('.') + 1);
    return switch (name) {
      case "ErrorInfo" -> new ErrorInfo(text(d, "reason"), text(d, "domain"), stringMap(d.get("metadata")));
      case "ResourceInfo" -> new ResourceInfo(text(d, "resource_type", "resourceType"),
          text(d, "resource_name", "resourceName"), text(d, "owner"), text(d, "description"));
      case "BadRequest" -> new BadRequest(list(field(d, "field_violations", "fieldViolations"),
          v -> new BadRequest.FieldViolation(text(v, "field"), text(v, "description"))));
      case "Help" -> new Help(list(d.get("links"), l -> new Help.Link(text(l, "description"), text(l, "url"))));
      case "LocalizedMessage" -> new LocalizedMessage(text(d, "locale"), text(d, "message"));
      case "RetryInfo" -> new RetryInfo(duration(field(d, "retry_delay", "retryDelay")));
      case "DebugInfo" -> new DebugInfo(list(field(d, "stack_entries", "stackEntries"), JsonNode::asText),
          text(d, "detail"));
      case "QuotaFailure" -> new QuotaFailure(list(d.get("violations"),
          v -> new QuotaFailure.Violation(text(v, "subject"), text(v, "description"))));
      case "PreconditionFailure" -> new PreconditionFailure(list(d.get("violations"),
          v -> new PreconditionFailure.Violation(text(v, "type"), text(v, "subject"), text(v, "description"))));
      case "RequestInfo" -> new RequestInfo(text(d, "request_id", "requestId"),
          text(d, "serving_data", "servingData"));
      default -> null;
    };
  }

  private static JsonNode field(JsonNode d, String snake, String camel) {
    JsonNode n = d.get(snake);
    return n != null ? n : d.get(camel);
  }

  private static String text(JsonNode d, String name) {
    JsonNode n = d.get(name);
    return n == null || n.isNull() ? "" : n.asText();
  }

  private static String text(JsonNode d, String snake, String camel) {
    JsonNode n = field(d, snake, camel);
    return n == null || n.isNull() ? "" : n.asText();
  }

  private static Map<String, String> stringMap(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    Map<String, String> map = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static <T> List<T> list(JsonNode n, Function<JsonNode, T> item) {
    if (n == null || n.isNull()) {
      return null;
    }
    List<T> out = new ArrayList<>();
    n.forEach(e -> out.add(item.apply(e)));
    return out;
  }

  private static Duration duration(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isTextual()) {
      return GoDurations.parse(n.asText()).orElse(null);
    }
    return Duration.ofSeconds(n.path("seconds").asLong(0), n.path("nanos").asInt(0));
  }
}
