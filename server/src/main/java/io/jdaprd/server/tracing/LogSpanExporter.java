package io.jdaprd.server.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code spec.tracing.stdout}: each span as one info line of logger {@code dapr.runtime.trace}, as daprd. */
final class LogSpanExporter implements SpanExporter {
  private static final Logger LOG = LoggerFactory.getLogger("dapr.runtime.trace");

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    for (SpanData s : spans) {
      String parent = s.getParentSpanContext().isValid() ? s.getParentSpanId() : "0000000000000000";
      LOG.info("[{}] Trace: {} Span: {}/{} Time: [{} ->  {}] Annotations: {}", s.getName(), s.getTraceId(), parent,
          s.getSpanId(), Instant.ofEpochSecond(0, s.getStartEpochNanos()),
          Instant.ofEpochSecond(0, s.getEndEpochNanos()), s.getEvents());
    }
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
