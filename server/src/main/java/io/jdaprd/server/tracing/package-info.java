/**
 * Tracing on the OpenTelemetry SDK: {@link OtelTracing} implements {@code core.tracing.Tracing} with daprd's
 * parent-based ratio sampler and exporters (OTLP over gRPC or HTTP, Zipkin v2 JSON through
 * {@link ZipkinJsonExporter}, daprd's stdout lines through {@link LogSpanExporter}); {@link ApiTracing} holds
 * the API servers' decorators (daprd's HTTP middleware and gRPC interceptors: one span per call, the trace
 * headers rewritten to the new span so that everything downstream continues it).
 */
package io.jdaprd.server.tracing;
