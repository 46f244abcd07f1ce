package io.jdaprd.core.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** daprd's W3C and binary trace context rules ({@code SpanContextFromW3CString}, {@code SpanContextFromBinary}). */
class TraceContextTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  @Test
  void aValidTraceparentRoundTrips() {
    TraceContext sc = TraceContext.fromTraceparent("00-" + TRACE + "-" + SPAN + "-01");
    assertThat(sc).isEqualTo(new TraceContext(TRACE, SPAN, 1, ""));
    assertThat(sc.sampled()).isTrue();
    assertThat(sc.traceparent()).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
    assertThat(TraceContext.fromTraceparent("00-" + TRACE + "-" + SPAN + "-00").sampled()).isFalse();
  }

  @Test
  void invalidTraceparentsAreRefusedAsDaprdRefusesThem() {
    assertThat(TraceContext.fromTraceparent(null)).isNull();
    assertThat(TraceContext.fromTraceparent("")).isNull();
    assertThat(TraceContext.fromTraceparent("00-" + TRACE + "-" + SPAN)).isNull();
    // version 00 takes exactly four parts; a later version may carry more
    assertThat(TraceContext.fromTraceparent("00-" + TRACE + "-" + SPAN + "-01-x")).isNull();
    assertThat(TraceContext.fromTraceparent("01-" + TRACE + "-" + SPAN + "-01-x")).isNotNull();
    assertThat(TraceContext.fromTraceparent("ff-" + TRACE + "-" + SPAN + "-01")).isNull();
    assertThat(TraceContext.fromTraceparent("0-" + TRACE + "-" + SPAN + "-01")).isNull();
    // ids: lowercase hex of the right length, not all zero
    assertThat(TraceContext.fromTraceparent("00-" + TRACE.toUpperCase() + "-" + SPAN + "-01")).isNull();
    assertThat(TraceContext.fromTraceparent("00-" + TRACE.substring(1) + "-" + SPAN + "-01")).isNull();
    assertThat(TraceContext.fromTraceparent("00-" + "0".repeat(32) + "-" + SPAN + "-01")).isNull();
    assertThat(TraceContext.fromTraceparent("00-" + TRACE + "-" + "0".repeat(16) + "-01")).isNull();
    // flags: hex bytes (Go's hex.DecodeString), at least one
    assertThat(TraceContext.fromTraceparent("00-" + TRACE + "-" + SPAN + "-1")).isNull();
    assertThat(TraceContext.fromTraceparent("00-" + TRACE + "-" + SPAN + "-zz")).isNull();
    assertThat(TraceContext.fromTraceparent("00-" + TRACE + "-" + SPAN + "-0A").flags()).isEqualTo(10);
  }

  @Test
  void theBinaryFormIsOpenCensusAsDaprdWritesIt() {
    TraceContext sc = new TraceContext(TRACE, SPAN, 1, "");
    byte[] bin = sc.binary();
    assertThat(HexFormat.of().formatHex(bin)).isEqualTo("0000" + TRACE + "01" + SPAN + "0201");
    assertThat(TraceContext.fromBinary(bin)).isEqualTo(sc);
    assertThat(TraceContext.fromBinary(new byte[] {1})).isNull();
    assertThat(TraceContext.fromBinary(new byte[0])).isNull();
    // a trace id without a span id is no parent
    assertThat(TraceContext.fromBinary(java.util.Arrays.copyOf(bin, 18))).isNull();
  }

  @Test
  void tracestateIsValidatedAndCappedAsOpenTelemetryDoes() {
    TraceContext sc = TraceContext.fromHeaders("00-" + TRACE + "-" + SPAN + "-01", "a=1, b@t=2,,c=x y");
    assertThat(sc.traceState()).isEqualTo("a=1,b@t=2,c=x y");
    assertThat(sc.tracestateHeader()).isEqualTo("a=1,b@t=2,c=x y");
    assertThat(sc.withTraceState("A=1").traceState()).isEmpty();
    assertThat(sc.withTraceState("a=1,a=2").traceState()).isEmpty();
    assertThat(sc.withTraceState("a").traceState()).isEmpty();
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 33; i++) {
      many.append(i == 0 ? "" : ",").append("k").append(i).append("=v");
    }
    assertThat(sc.withTraceState(many.toString()).traceState()).isEmpty();
    String longState = "k=" + "v".repeat(250) + ",l=" + "v".repeat(250) + ",m=" + "v".repeat(20);
    assertThat(sc.withTraceState(longState).traceState()).isEqualTo(longState);
    assertThat(sc.withTraceState(longState).tracestateHeader()).isNull();
  }
}
