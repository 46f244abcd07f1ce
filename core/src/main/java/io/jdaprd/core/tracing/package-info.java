/**
 * W3C trace context as daprd carries it, written once for the whole sidecar and JDK only: {@link TraceContext}
 * (daprd's {@code traceparent} parsing and printing, the OpenCensus binary {@code grpc-trace-bin}, {@code tracestate}
 * validation), {@link TracingSpec} (Configuration {@code spec.tracing}: sampling rate, Zipkin and OTLP exporters),
 * {@link SpanNames} (daprd's span names), the {@link Tracing} seam through which spans are started (implemented
 * with the OpenTelemetry SDK in the server module; {@link Tracing#OFF} when the sampling rate is {@code "0"}), and
 * {@link TracedAppChannel}, daprd's internal callback spans ({@code pubsub/<topic>}, {@code bindings/<name>})
 * around deliveries to the app.
 */
package io.jdaprd.core.tracing;
