package io.jdaprd.server.tracing;

import io.jdaprd.core.tracing.PropagatingTracing;
import io.jdaprd.core.tracing.Span;
import io.jdaprd.core.tracing.SpanKind;
import io.jdaprd.core.tracing.TraceContext;
import io.jdaprd.core.tracing.Tracing;
import io.jdaprd.core.tracing.TracingSpec;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * daprd's tracer provider on the OpenTelemetry SDK: sampler {@code ParentBased(TraceIdRatioBased(rate))}, resource
 * {@code service.name} = the app id, and one batch processor per configured exporter. With no exporter configured,
 * {@link #create} gives a {@link PropagatingTracing} instead: spans are still started and propagated with contexts of
 * their own, nothing is recorded and no exporter thread runs.
 */
public final class OtelTracing implements Tracing {
  private static final Logger LOG = LoggerFactory.getLogger(OtelTracing.class);
  private static final String TRACER_NAME = "dapr-diagnostics";

  private final SdkTracerProvider provider;
  private final Tracer tracer;

  private OtelTracing(SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = provider.get(TRACER_NAME);
  }

  /** {@link Tracing#OFF} when {@code spec} turns tracing off (rate {@code "0"}), else a provider as daprd's. */
  public static Tracing create(TracingSpec spec, String appId) {
    if (!spec.enabled()) {
      return Tracing.OFF;
    }
    double rate = Math.min(Math.max(spec.rate(), 0), 1);
    List<SpanExporter> exporters = exporters(spec);
    LOG.info("Dapr trace sampler initialized: ParentBased{{root:TraceIDRatioBased{{{}}}}}", spec.rate());
    if (exporters.isEmpty()) {
      return new PropagatingTracing(rate);
    }
    SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(rate)))
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), appId))));
    for (SpanExporter exporter : exporters) {
      builder.addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(Duration.ofMillis(500))
          .build());
    }
    return new OtelTracing(builder.build());
  }

  /**
   * The tracing of a Configuration's {@code spec} (its {@code tracing}, and daprd's OTLP environment variables).
   *
   * @throws IllegalStateException when {@code spec.tracing} is invalid (daprd does not start then either)
   */
  public static Tracing fromConfiguration(com.fasterxml.jackson.databind.JsonNode configSpec,
      java.util.Map<String, String> env, String appId) {
    try {
      return create(TracingSpec.parse(configSpec.path("tracing"), env), appId);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Configuration spec.tracing: " + e.getMessage());
    }
  }

  static List<SpanExporter> exporters(TracingSpec spec) {
    List<SpanExporter> out = new ArrayList<>();
    if (spec.stdout()) {
      out.add(new LogSpanExporter());
    }
    if (spec.zipkin()) {
      out.add(new ZipkinJsonExporter(spec.zipkinEndpoint()));
    }
    if (spec.otlp()) {
      String url = (spec.otelSecure() ? "https://" : "http://") + spec.otelEndpoint();
      if (spec.otelProtocol().equals("http")) {
        OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder().setEndpoint(url + "/v1/traces");
        headers(spec).forEach(b::addHeader);
        out.add(b.build());
      } else {
        OtlpGrpcSpanExporterBuilder b = OtlpGrpcSpanExporter.builder().setEndpoint(url);
        headers(spec).forEach(b::addHeader);
        out.add(b.build());
      }
    }
    return out;
  }

  private static java.util.Map<String, String> headers(TracingSpec spec) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String h : spec.otelHeaders()) {
      int eq = h.indexOf('=');
      if (eq >= 0) {
        out.put(h.substring(0, eq), h.substring(eq + 1));
      }
    }
    return out;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public Span start(String name, SpanKind kind, TraceContext parent) {
    SpanBuilder b = tracer.spanBuilder(name).setSpanKind(switch (kind) {
      case SERVER -> io.opentelemetry.api.trace.SpanKind.SERVER;
      case CLIENT -> io.opentelemetry.api.trace.SpanKind.CLIENT;
      case PRODUCER -> io.opentelemetry.api.trace.SpanKind.PRODUCER;
    });
    String state = "";
    if (parent == null) {
      b.setNoParent();
    } else {
      state = parent.traceState();
      SpanContext remote = SpanContext.createFromRemoteParent(parent.traceId(), parent.spanId(),
          TraceFlags.fromByte((byte) parent.flags()), traceState(state));
      b.setParent(Context.root().with(io.opentelemetry.api.trace.Span.wrap(remote)));
    }
    return new OtelSpan(b.startSpan(), state);
  }

  @Override
  public void close() {
    provider.forceFlush().join(5, TimeUnit.SECONDS);
    provider.shutdown().join(5, TimeUnit.SECONDS);
  }

  private static TraceState traceState(String list) {
    if (list.isEmpty()) {
      return TraceState.getDefault();
    }
    String[] members = list.split(",");
    TraceStateBuilder b = TraceState.builder();
    // put() adds in front: the last member goes in first so that the list keeps its order
    for (int i = members.length - 1; i >= 0; i--) {
      int eq = members[i].indexOf('=');
      b.put(members[i].substring(0, eq), members[i].substring(eq + 1));
    }
    return b.build();
  }

  /** A started OpenTelemetry span and its context as daprd propagates it. */
  private static final class OtelSpan implements Span {
    private final io.opentelemetry.api.trace.Span span;
    private final TraceContext context;

    OtelSpan(io.opentelemetry.api.trace.Span span, String traceState) {
      this.span = span;
      SpanContext sc = span.getSpanContext();
      this.context = new TraceContext(sc.getTraceId(), sc.getSpanId(), sc.getTraceFlags().asByte() & 0xff,
          traceState);
    }

    @Override
    public TraceContext context() {
      return context;
    }

    @Override
    public boolean recording() {
      return span.isRecording();
    }

    @Override
    public void name(String name) {
      span.updateName(name);
    }

    @Override
    public void attribute(String key, String value) {
      if (value != null && !value.isEmpty() && !key.startsWith("__dapr.")) {
        span.setAttribute(key, value);
      }
    }

    @Override
    public void error(String description) {
      span.setStatus(StatusCode.ERROR, description);
    }

    @Override
    public void end() {
      span.end();
    }
  }
}
