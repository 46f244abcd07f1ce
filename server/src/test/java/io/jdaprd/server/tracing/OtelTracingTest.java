package io.jdaprd.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jdaprd.core.tracing.Span;
import io.jdaprd.core.tracing.SpanKind;
import io.jdaprd.core.tracing.TraceContext;
import io.jdaprd.core.tracing.Tracing;
import io.jdaprd.core.tracing.TracingSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** daprd's sampler (parent based, ratio at the root) and the switch that keeps tracing off. */
class OtelTracingTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static Tracing tracing(String yaml) throws Exception {
    JsonNode spec = yaml.isEmpty() ? MissingNode.getInstance() : new YAMLMapper().readTree(yaml);
    return OtelTracing.create(TracingSpec.parse(spec, Map.of()), "app");
  }

  @Test
  void rateZeroIsOff() throws Exception {
    assertThat(tracing("samplingRate: \"0\"")).isSameAs(Tracing.OFF);
    assertThat(OtelTracing.fromConfiguration(new YAMLMapper().readTree("tracing: {samplingRate: \"0\"}"), Map.of(),
        "app").enabled()).isFalse();
  }

  @Test
  void theParentsDecisionWinsAndTheRateDecidesAtTheRoot() throws Exception {
    // with an exporter: without one the SDK records nothing (every span is a context only)
    Tracing always = tracing("samplingRate: \"1\"\nstdout: true");
    Tracing rarely = tracing("");
    try {
      TraceContext sampled = TraceContext.fromTraceparent("00-" + TRACE + "-00f067aa0ba902b7-01");
      TraceContext unsampled = TraceContext.fromTraceparent("00-" + TRACE + "-00f067aa0ba902b7-00");
      Span child = always.start("/v1.0/state/s/k", SpanKind.CLIENT, sampled.withTraceState("a=1"));
      assertThat(child.recording()).isTrue();
      assertThat(child.context().traceId()).isEqualTo(TRACE);
      assertThat(child.context().spanId()).isNotEqualTo("00f067aa0ba902b7");
      assertThat(child.context().traceparent()).endsWith("-01");
      assertThat(child.context().traceState()).isEqualTo("a=1");
      child.end();
      assertThat(always.start("x", SpanKind.SERVER, unsampled).recording()).isFalse();
      assertThat(always.start("x", SpanKind.SERVER, null).recording()).isTrue();
      // daprd's default rate (1e-4) still follows a sampled parent, and propagates an unsampled root
      assertThat(rarely.enabled()).isTrue();
      assertThat(rarely.start("x", SpanKind.CLIENT, sampled).context().sampled()).isTrue();
      assertThat(rarely.start("x", SpanKind.CLIENT, sampled).recording()).isFalse();
      assertThat(rarely.start("x", SpanKind.CLIENT, sampled).context().spanId()).isNotEqualTo("00f067aa0ba902b7");
      assertThat(rarely).as("no exporter: contexts only").isInstanceOf(io.jdaprd.core.tracing.PropagatingTracing.class);
      Span root = rarely.start("y", SpanKind.CLIENT, null);
      assertThat(TraceContext.fromTraceparent(root.context().traceparent())).as("ids not all zero").isNotNull();
      assertThat(root.context().traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    } finally {
      always.close();
      rarely.close();
    }
  }

  @Test
  void exportersAreThoseConfigured() throws Exception {
    assertThat(OtelTracing.exporters(TracingSpec.parse(new YAMLMapper().readTree("samplingRate: \"1\""),
        Map.of()))).isEmpty();
    assertThat(OtelTracing.exporters(TracingSpec.parse(new YAMLMapper().readTree("""
        stdout: true
        zipkin: {endpointAddress: "http://127.0.0.1:9411/api/v2/spans"}
        otel: {endpointAddress: "127.0.0.1:4317", protocol: grpc, isSecure: false}
        """), Map.of()))).extracting(e -> e.getClass().getSimpleName()).containsExactly("LogSpanExporter",
        "ZipkinJsonExporter", "OtlpGrpcSpanExporter");
  }
}
