package io.jdaprd.core.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.metrics.MetricsSpec;
import io.jdaprd.spi.bindings.BindingRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Output binding calls counted as daprd's {@code dapr_component_output_binding_count}; refused requests not. */
class BindingsBlockMetricsTest {
  @Test
  void componentCallsAreCountedByOperationAndOutcome() {
    Metrics metrics = new Metrics("myapp", null, MetricsSpec.DEFAULT);
    BindingsBlock block = new BindingsBlock(Bindings.of(List.of(new Bindings.Entry("mem", new MemoryBinding(),
        Map.of()))), metrics);
    block.invoke("mem", request("get"));
    block.invoke("mem", request("get"));
    block.invoke("mem", request("fail"));
    block.invoke("mem", request("list"));
    block.invoke("nope", request("get"));

    String labels = "dapr_component_output_binding_count{app_id=\"myapp\",component=\"mem\",namespace=\"\",";
    assertThat(metrics.scrape(false)).contains(labels + "operation=\"get\",success=\"true\"} 2\n")
        .contains(labels + "operation=\"fail\",success=\"false\"} 1\n")
        .doesNotContain("operation=\"list\"")
        .doesNotContain("component=\"nope\"");
  }

  private static BindingRequest request(String operation) {
    return new BindingRequest(operation, "{}".getBytes(StandardCharsets.UTF_8), Map.of());
  }
}
