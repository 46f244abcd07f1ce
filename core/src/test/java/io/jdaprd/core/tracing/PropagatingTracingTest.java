package io.jdaprd.core.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PropagatingTracingTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void aChildContinuesItsParentsTraceWithASpanOfItsOwn() {
    TraceContext sampled = TraceContext.fromTraceparent("00-" + TRACE + "-00f067aa0ba902b7-01").withTraceState("a=1");
    TraceContext unsampled = TraceContext.fromTraceparent("00-" + TRACE + "-00f067aa0ba902b7-00");

    Span child = new PropagatingTracing(0).start("x", SpanKind.CLIENT, sampled);
    Span dropped = new PropagatingTracing(1).start("x", SpanKind.CLIENT, unsampled);

    assertThat(child.context().traceId()).isEqualTo(TRACE);
    assertThat(child.context().spanId()).isNotEqualTo("00f067aa0ba902b7");
    assertThat(child.context().sampled()).as("the parent's decision, whatever the rate").isTrue();
    assertThat(child.context().traceState()).isEqualTo("a=1");
    assertThat(dropped.context().sampled()).isFalse();
    assertThat(child.recording()).as("nothing to export to").isFalse();
  }

  @Test
  void aRootGetsValidNewIdsEachTime() {
    PropagatingTracing tracing = new PropagatingTracing(1e-4);
    Set<String> traces = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      TraceContext root = tracing.start("y", SpanKind.SERVER, null).context();
      assertThat(TraceContext.fromTraceparent(root.traceparent())).as(root.traceparent()).isEqualTo(root);
      traces.add(root.traceId());
    }
    assertThat(traces).hasSize(1000);
  }

  @Test
  void theRateDecidesAtTheRoot() {
    assertThat(sampledOf(new PropagatingTracing(1), 2000)).isEqualTo(2000);
    assertThat(sampledOf(new PropagatingTracing(0), 2000)).isZero();
    assertThat(sampledOf(new PropagatingTracing(0.5), 20000)).isBetween(9000, 11000);
  }

  private static int sampledOf(Tracing tracing, int roots) {
    int sampled = 0;
    for (int i = 0; i < roots; i++) {
      sampled += tracing.start("z", SpanKind.CLIENT, null).context().sampled() ? 1 : 0;
    }
    return sampled;
  }
}
