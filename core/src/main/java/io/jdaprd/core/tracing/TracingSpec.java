package io.jdaprd.core.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Configuration {@code spec.tracing} as daprd reads it, with the {@code OTEL_EXPORTER_OTLP_*} environment
 * daprd applies when the Configuration names no OTLP endpoint.
 *
 * @param samplingRate the rate as written; {@code ""} when absent
 * @param stdout whether spans are also logged ({@code stdout: true})
 * @param zipkinEndpoint {@code zipkin.endpointAddress} (a URL such as {@code http://host:9411/api/v2/spans}), or
 *     {@code ""}
 * @param otelEndpoint {@code otel.endpointAddress} ({@code host:port}, no scheme), or {@code ""}
 * @param otelProtocol {@code otel.protocol}: {@code grpc} or {@code http}, {@code ""} when unset
 * @param otelSecure {@code otel.isSecure} (true unless set false): TLS to the collector
 * @param otelHeaders {@code otel.headers}, {@code key=value} each
 */
public record TracingSpec(String samplingRate, boolean stdout, String zipkinEndpoint, String otelEndpoint,
    String otelProtocol, boolean otelSecure, List<String> otelHeaders) {
  /** daprd's rate when the configured one does not parse (including when it is absent). */
  public static final double DEFAULT_RATE = 1e-4;

  public TracingSpec {
    otelHeaders = List.copyOf(otelHeaders);
  }

  /** No Configuration: daprd's default (rate {@code ""}, that is 1e-4, and no exporter). */
  public static TracingSpec none() {
    return new TracingSpec("", false, "", "", "", true, List.of());
  }

  /**
   * Reads {@code tracing} (the Configuration's {@code spec.tracing}, missing when absent), then daprd's
   * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} / {@code OTEL_EXPORTER_OTLP_ENDPOINT} when no OTLP endpoint is set
   * (scheme removed; the rate becomes {@code "1"} when unset; {@code OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL}
   * starting with {@code http} picks {@code http}, anything else {@code grpc};
   * {@code OTEL_EXPORTER_OTLP_INSECURE=true} turns TLS off).
   *
   * @throws IllegalArgumentException when {@code otel.protocol} is neither {@code grpc} nor {@code http}
   */
  public static TracingSpec parse(JsonNode tracing, Map<String, String> env) {
    String rate = text(tracing.path("samplingRate"));
    boolean stdout = tracing.path("stdout").asBoolean(false);
    String zipkin = text(tracing.path("zipkin").path("endpointAddress"));
    JsonNode otel = tracing.path("otel");
    String endpoint = text(otel.path("endpointAddress"));
    String protocol = text(otel.path("protocol"));
    boolean secure = !otel.path("isSecure").isBoolean() || otel.path("isSecure").asBoolean();
    List<String> headers = new ArrayList<>();
    otel.path("headers").forEach(h -> headers.add(h.asText()));
    if (endpoint.isEmpty()) {
      String fromEnv = first(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT");
      if (!fromEnv.isEmpty()) {
        endpoint = fromEnv.replaceFirst("^https?://", "");
        if (rate.isEmpty()) {
          rate = "1";
        }
        protocol = first(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL")
            .startsWith("http") ? "http" : "grpc";
        if ("true".equals(env.get("OTEL_EXPORTER_OTLP_INSECURE"))) {
          secure = false;
        }
      }
    }
    if (!endpoint.isEmpty() && !protocol.isEmpty() && !protocol.equals("grpc") && !protocol.equals("http")) {
      throw new IllegalArgumentException("invalid protocol " + protocol + " provided for Otel endpoint");
    }
    return new TracingSpec(rate, stdout, zipkin, endpoint, protocol, secure, headers);
  }

  /** daprd's {@code GetTraceSamplingRate}: the rate as Go's {@code ParseFloat} reads it, else 1e-4. */
  public double rate() {
    return parseRate(samplingRate);
  }

  /** daprd's {@code IsTracingEnabled}: every rate but an explicit zero turns tracing on. */
  public boolean enabled() {
    return rate() != 0;
  }

  /** Whether spans go to an OTLP collector (daprd requires both endpoint and protocol). */
  public boolean otlp() {
    return !otelEndpoint.isEmpty() && !otelProtocol.isEmpty();
  }

  /** Whether spans go to a Zipkin server. */
  public boolean zipkin() {
    return !zipkinEndpoint.isEmpty();
  }

  static double parseRate(String s) {
    if (s == null || s.isEmpty() || !s.equals(s.strip()) || s.matches(".*[dDfF]$") || s.contains("_")) {
      return DEFAULT_RATE;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return DEFAULT_RATE;
    }
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? "" : n.asText();
  }

  private static String first(Map<String, String> env, String a, String b) {
    String v = env.get(a);
    if (v == null || v.isEmpty()) {
      v = env.get(b);
    }
    return v == null ? "" : v;
  }
}
