package io.jdaprd.core.tracing;

/** The kinds of span daprd starts. */
public enum SpanKind {
  /** The callee side of a sidecar-to-sidecar call. */
  SERVER,
  /** An API call, a delivery to the app, a call to another sidecar. */
  CLIENT,
  /** A message sent on (daprd's producer spans). */
  PRODUCER
}
