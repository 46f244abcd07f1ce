package io.jdaprd.server.tracing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Spans to a Zipkin server in its v2 JSON format ({@code POST} a list of spans to {@code zipkin.endpointAddress},
 * as daprd's Zipkin exporter does): ids in hex, times in microseconds, the attributes as tags, a failed span with
 * the {@code otel.status_code} and {@code error} tags, {@code service.name} as the local endpoint. OpenTelemetry
 * Java's own Zipkin exporter ends at 1.63.0 (this project is on 1.68.0), so the format is written here.
 */
final class ZipkinJsonExporter implements SpanExporter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final HttpClient client;

  ZipkinJsonExporter(String endpoint) {
    this.endpoint = URI.create(endpoint);
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    CompletableResultCode result = new CompletableResultCode();
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(json(spans));
    } catch (java.io.IOException e) {
      return CompletableResultCode.ofFailure();
    }
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
      if (error == null && response.statusCode() / 100 == 2) {
        result.succeed();
      } else {
        result.fail();
      }
    });
    return result;
  }

  static ArrayNode json(Collection<SpanData> spans) {
    ArrayNode out = JSON.createArrayNode();
    for (SpanData s : spans) {
      ObjectNode span = out.addObject();
      span.put("traceId", s.getTraceId());
      span.put("id", s.getSpanId());
      if (s.getParentSpanContext().isValid()) {
        span.put("parentId", s.getParentSpanId());
      }
      span.put("name", s.getName());
      switch (s.getKind()) {
        case CLIENT, SERVER, PRODUCER, CONSUMER -> span.put("kind", s.getKind().name());
        default -> {
        }
      }
      long start = TimeUnit.NANOSECONDS.toMicros(s.getStartEpochNanos());
      span.put("timestamp", start);
      span.put("duration", Math.max(1, TimeUnit.NANOSECONDS.toMicros(s.getEndEpochNanos()) - start));
      String service = s.getResource().getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey(
          "service.name"));
      span.putObject("localEndpoint").put("serviceName", service == null ? "" : service);
      ObjectNode tags = span.putObject("tags");
      s.getAttributes().forEach((k, v) -> tags.put(k.getKey(), String.valueOf(v)));
      if (s.getStatus().getStatusCode() == StatusCode.ERROR) {
        tags.put("otel.status_code", "ERROR");
        tags.put("error", s.getStatus().getDescription());
      }
    }
    return out;
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
