package io.jdaprd.core.tracing;

/**
 * Where spans start. {@link #OFF} when the Configuration's sampling rate is {@code "0"}: nothing is wrapped or
 * decorated then, so tracing costs nothing on the request path.
 */
public interface Tracing {
  /** Tracing disabled: {@link #enabled()} is false and no span is ever started. */
  Tracing OFF = new Tracing() {
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public Span start(String name, SpanKind kind, TraceContext parent) {
      throw new IllegalStateException("tracing is disabled");
    }

    @Override
    public void close() {
    }
  };

  /** Whether spans are started at all (daprd's {@code IsTracingEnabled}). */
  boolean enabled();

  /**
   * Starts a span as a child of {@code parent} (a remote parent; {@code null} or invalid for a new trace), sampled
   * as daprd's parent-based ratio sampler decides.
   */
  Span start(String name, SpanKind kind, TraceContext parent);

  /** Exports what is pending and stops the exporters. */
  void close();
}
