package io.jdaprd.core.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration {@code spec.tracing} and daprd's sampling-rate rules. */
class TracingSpecTest {
  private static JsonNode yaml(String text) throws Exception {
    return new YAMLMapper().readTree(text);
  }

  @Test
  void samplingRateFollowsDaprd() {
    // "" and what does not parse: daprd's default 1e-4, so tracing is on; only an explicit zero turns it off
    assertThat(TracingSpec.none().rate()).isEqualTo(1e-4);
    assertThat(TracingSpec.none().enabled()).isTrue();
    assertThat(TracingSpec.parseRate("0")).isZero();
    assertThat(TracingSpec.parseRate("0.0")).isZero();
    assertThat(TracingSpec.parseRate("1")).isEqualTo(1);
    assertThat(TracingSpec.parseRate("0.5")).isEqualTo(0.5);
    assertThat(TracingSpec.parseRate("1e-2")).isEqualTo(0.01);
    assertThat(TracingSpec.parseRate("abc")).isEqualTo(1e-4);
    assertThat(TracingSpec.parseRate(" 1")).isEqualTo(1e-4);
    assertThat(TracingSpec.parseRate("1d")).isEqualTo(1e-4);
  }

  @Test
  void exportersAreReadFromTheConfiguration() throws Exception {
    TracingSpec spec = TracingSpec.parse(yaml("""
        samplingRate: "1"
        stdout: true
        zipkin:
          endpointAddress: http://localhost:9411/api/v2/spans
        otel:
          endpointAddress: localhost:4317
          protocol: grpc
          isSecure: false
          headers: ["a=b"]
        """), Map.of());
    assertThat(spec.enabled()).isTrue();
    assertThat(spec.rate()).isEqualTo(1);
    assertThat(spec.stdout()).isTrue();
    assertThat(spec.zipkin()).isTrue();
    assertThat(spec.zipkinEndpoint()).isEqualTo("http://localhost:9411/api/v2/spans");
    assertThat(spec.otlp()).isTrue();
    assertThat(spec.otelProtocol()).isEqualTo("grpc");
    assertThat(spec.otelSecure()).isFalse();
    assertThat(spec.otelHeaders()).containsExactly("a=b");
    assertThat(TracingSpec.parse(yaml("samplingRate: \"0\""), Map.of()).enabled()).isFalse();
    assertThat(TracingSpec.parse(yaml("otel: {endpointAddress: h:1, protocol: http}"), Map.of()).otelSecure())
        .isTrue();
    assertThatThrownBy(() -> TracingSpec.parse(yaml("otel: {endpointAddress: h:1, protocol: udp}"), Map.of()))
        .hasMessage("invalid protocol udp provided for Otel endpoint");
  }

  @Test
  void otlpEnvironmentVariablesApplyWhenTheConfigurationNamesNoEndpoint() {
    TracingSpec spec = TracingSpec.parse(MissingNode.getInstance(), Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
        "OTEL_EXPORTER_OTLP_INSECURE", "true"));
    assertThat(spec.otelEndpoint()).isEqualTo("collector:4318");
    assertThat(spec.otelProtocol()).isEqualTo("http");
    assertThat(spec.otelSecure()).isFalse();
    assertThat(spec.samplingRate()).isEqualTo("1");
    TracingSpec grpc = TracingSpec.parse(MissingNode.getInstance(), Map.of(
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://c:4317"));
    assertThat(grpc.otelProtocol()).isEqualTo("grpc");
    assertThat(grpc.otelSecure()).isTrue();
    assertThat(TracingSpec.parse(MissingNode.getInstance(), Map.of()).otlp()).isFalse();
  }
}
