package io.jdaprd.core.tracing;

/**
 * A started span. Only a {@linkplain #recording() recording} span keeps names, attributes and status; every span
 * has a {@linkplain #context() context} to propagate (sampled or not).
 */
public interface Span {
  /** This span's trace context: the parent's trace id (or a new one), a new span id, the sampling decision. */
  TraceContext context();

  /** Whether this span is sampled: its name, attributes and status are kept and exported. */
  boolean recording();

  /** Renames the span (daprd corrects the name once the API is known). */
  void name(String name);

  /** Sets a string attribute; empty values and daprd's internal keys ({@code __dapr.}) are left out. */
  void attribute(String key, String value);

  /** Marks the span failed with {@code description}. */
  void error(String description);

  /** Ends the span; it is exported when it is sampled. */
  void end();
}
