package io.jdaprd.api.http.bindings;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.core.bindings.BindingInvocation;
import io.jdaprd.core.bindings.BindingsBlock;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.errors.factories.BindingErrors;
import io.jdaprd.errors.factories.CommonErrors;
import io.jdaprd.golang.GoJson;
import io.jdaprd.golang.GoJsonDecoding;
import io.jdaprd.spi.bindings.BindingRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST|PUT /v1.0/bindings/{name}}: invokes an output binding. The body is daprd's
 * {@code {"data","metadata","operation"}}, decoded as Go decodes it (the first JSON value counts, field names match
 * case-insensitively); {@code data} goes to the binding re-encoded as Go encodes JSON (absent: {@code null}). The
 * binding's answer metadata comes back as {@code metadata.<key>} headers, also with an error; its data as the body
 * ({@code 200}, always {@code application/json} as daprd writes it), or {@code 204} when the binding answered
 * nothing.
 */
public final class BindingsRoutes implements HttpRoutes {
  private static final String GO_TYPE = "http.OutputBindingRequest";

  private final BindingsBlock bindings;
  private final HttpCalls calls;

  /** The routes of the blocks' output bindings. */
  public BindingsRoutes(Blocks blocks, HttpCalls calls) {
    this.bindings = blocks.get(BindingsBlock.class);
    this.calls = calls;
  }

  @Override
  public void addTo(ServerBuilder sb) {
    sb.route().path("/v1.0/bindings/{name}").methods(HttpMethod.POST, HttpMethod.PUT)
        .build((ctx, req) -> calls.call(ctx, req, agg -> {
          BindingRequest request = request(agg);
          BindingInvocation outcome = bindings.invoke(ctx.pathParam("name"), request);
          return render(outcome, agg.headers().get("accept-language"));
        }));
  }

  private HttpResponse render(BindingInvocation outcome, String acceptLanguage) {
    if (!outcome.ok()) {
      var error = calls.errorResponse(outcome.error(), acceptLanguage);
      ResponseHeadersBuilder headers = error.headers().toBuilder();
      outcome.metadata().forEach((k, v) -> headers.add("metadata." + k, v));
      return HttpResponse.of(headers.build(), error.content());
    }
    if (outcome.response() == null) {
      ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.NO_CONTENT);
      outcome.metadata().forEach((k, v) -> headers.add("metadata." + k, v));
      return HttpResponse.of(headers.build());
    }
    ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.OK);
    outcome.metadata().forEach((k, v) -> headers.add("metadata." + k, v));
    headers.contentType(HttpCalls.APPLICATION_JSON);
    return HttpResponse.of(headers.build(), HttpData.wrap(outcome.response().data()));
  }

  /** The first number in {@code node} that a Go {@code float64} cannot hold, or {@code null}. */
  private static String numberBeyondFloat64(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isNumber()) {
      return Double.isInfinite(node.doubleValue()) ? node.asText() : null;
    }
    for (JsonNode child : node) {
      String found = numberBeyondFloat64(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** The first number literal of {@code body} beyond a float64, as written; {@code fallback} if none is found. */
  private static String literal(byte[] body, String fallback) {
    try (com.fasterxml.jackson.core.JsonParser parser = new com.fasterxml.jackson.core.JsonFactory()
        .createParser(body)) {
      for (var token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token.isNumeric() && Double.isInfinite(Double.parseDouble(parser.getText()))) {
          return parser.getText();
        }
      }
    } catch (IOException | NumberFormatException e) {
      return fallback;
    }
    return fallback;
  }

  /** The request as daprd's {@code json.NewDecoder(body).Decode(&req)} reads it. */
  static BindingRequest request(AggregatedHttpRequest agg) {
    byte[] body = agg.content().array();
    JsonNode root;
    if (new String(body, StandardCharsets.UTF_8).isBlank()) {
      throw CommonErrors.malformedRequest("EOF");
    }
    try {
      root = GoJsonDecoding.firstValue(body);
    } catch (IOException e) {
      root = GoJsonDecoding.parse(body, CommonErrors::malformedRequest);
    }
    if (root == null) {
      throw CommonErrors.malformedRequest("EOF");
    }
    if (root.isNull()) {
      return new BindingRequest("", "null".getBytes(StandardCharsets.UTF_8), Map.of());
    }
    if (!root.isObject()) {
      throw CommonErrors.malformedRequest(GoJsonDecoding.typeMismatch(root, null, GO_TYPE));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonNode m = GoJsonDecoding.field(root, "metadata");
    if (m != null && !m.isObject()) {
      throw CommonErrors.malformedRequest(GoJsonDecoding.typeMismatch(m, "OutputBindingRequest.metadata",
          "map[string]string"));
    }
    if (m != null) {
      for (Map.Entry<String, JsonNode> kv : m.properties()) {
        JsonNode v = kv.getValue();
        if (!v.isTextual() && !v.isNull()) {
          throw CommonErrors.malformedRequest(GoJsonDecoding.typeMismatch(v, "OutputBindingRequest.metadata",
              "string"));
        }
        metadata.put(kv.getKey(), v.isNull() ? "" : v.textValue());
      }
    }
    JsonNode op = GoJsonDecoding.field(root, "operation");
    if (op != null && !op.isTextual()) {
      throw CommonErrors.malformedRequest(GoJsonDecoding.typeMismatch(op, "OutputBindingRequest.operation",
          "string"));
    }
    for (String trace : java.util.List.of("traceparent", "tracestate")) {
      String value = agg.headers().get(trace);
      if (value != null && !value.isEmpty()) {
        metadata.put(trace, value);
      }
    }
    java.util.List<String> baggage = agg.headers().getAll("baggage");
    if (!baggage.isEmpty()) {
      String joined = String.join(",", baggage);
      try {
        io.jdaprd.core.tracing.Baggage.parse(joined);
      } catch (io.jdaprd.core.tracing.Baggage.InvalidBaggageException e) {
        throw BindingErrors.invalidBaggage(e.getMessage());
      }
      metadata.put("baggage", joined);
    }
    JsonNode data = GoJsonDecoding.field(root, "data");
    String tooLarge = numberBeyondFloat64(data);
    if (tooLarge != null) {
      tooLarge = literal(body, tooLarge);
      throw CommonErrors.malformedRequest("json: cannot unmarshal number " + tooLarge
          + " into Go struct field OutputBindingRequest.data of type float64");
    }
    byte[] bytes = GoJson.marshal(data).getBytes(StandardCharsets.UTF_8);
    return new BindingRequest(op == null ? "" : op.textValue(), bytes, metadata);
  }
}
