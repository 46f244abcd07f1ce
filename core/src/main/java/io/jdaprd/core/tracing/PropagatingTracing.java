package io.jdaprd.core.tracing;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Tracing on, with no exporter configured (daprd's default Configuration: rate 1e-4, nowhere to send spans): every
 * span still gets a context of its own as daprd's OpenTelemetry SDK gives it (a new random span id; the parent's
 * trace id, or a new random one at a root; sampled as {@code ParentBased(TraceIdRatioBased(rate))}; the parent's
 * {@code tracestate}), so that answers and downstream calls carry a valid {@code traceparent}, but nothing is
 * recorded, since no span would go anywhere. (The OpenTelemetry SDK for Java hands out a no-op tracer when its
 * provider has no span processor, whose spans only repeat the parent's context: all zeros at a root.)
 */
public final class PropagatingTracing implements Tracing {
  private static final HexFormat HEX = HexFormat.of();

  private final long idUpperBound;

  /** @param rate the sampling rate of root spans, 0 to 1 */
  public PropagatingTracing(double rate) {
    this.idUpperBound = rate <= 0 ? Long.MIN_VALUE : rate >= 1 ? Long.MAX_VALUE : (long) (rate * Long.MAX_VALUE);
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public Span start(String name, SpanKind kind, TraceContext parent) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long span;
    do {
      span = random.nextLong();
    } while (span == 0);
    String spanId = HEX.toHexDigits(span);
    if (parent != null) {
      return new ContextSpan(new TraceContext(parent.traceId(), spanId, parent.sampled() ? 1 : 0,
          parent.traceState()));
    }
    long high;
    long low;
    do {
      high = random.nextLong();
      low = random.nextLong();
    } while (high == 0 && low == 0);
    // TraceIdRatioBased: the trace id's lower 8 bytes against the rate's share of the long range
    int flags = Math.abs(low) < idUpperBound ? 1 : 0;
    return new ContextSpan(new TraceContext(HEX.toHexDigits(high) + HEX.toHexDigits(low), spanId, flags, ""));
  }

  @Override
  public void close() {
  }

  /** A span that is only its context: it keeps nothing and exports nothing. */
  private record ContextSpan(TraceContext context) implements Span {
    @Override
    public boolean recording() {
      return false;
    }

    @Override
    public void name(String name) {
    }

    @Override
    public void attribute(String key, String value) {
    }

    @Override
    public void error(String description) {
    }

    @Override
    public void end() {
    }
  }
}
