package io.jdaprd.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One sidecar's {@code dapr_*} metrics, with daprd's names, label keys, units (milliseconds, bytes) and buckets, and
 * the one recording API the adapters, the app channel, the blocks and the resiliency policies call. Latencies are
 * given in nanoseconds and recorded as daprd records them: whole milliseconds, truncated; a component call's latency
 * is recorded only when it is at least 1 ms, as daprd skips a zero. With {@code spec.metrics.enabled: false} every
 * call returns at once and nothing is exported. Thread-safe; a recording on an existing series allocates nothing.
 */
public final class Metrics {
  /** Metrics that record nothing, for tests and embeddings that do not export. */
  public static final Metrics NONE = new Metrics("", null, new MetricsSpec(false, false, true, false, List.of(),
      MetricsSpec.DEFAULT_LATENCY_BUCKETS, List.of()));

  private static final String APP_ID = "app_id";
  private static final String NAMESPACE = "namespace";
  private static final String[] STATUS = new String[600];

  static {
    for (int i = 0; i < STATUS.length; i++) {
      STATUS[i] = Integer.toString(i);
    }
  }

  private final boolean enabled;
  private final boolean recordErrorCodes;
  private final HttpPathLabels httpLabels;
  private final List<Family<?>> families = new ArrayList<>();
  private final Builder b;

  final Family<Series.Counter> httpServerRequestCount;
  final Family<Series.Histogram> httpServerLatency;
  final Family<Series.Histogram> httpServerRequestBytes;
  final Family<Series.Histogram> httpServerResponseBytes;
  final Family<Series.Histogram> httpClientSentBytes;
  final Family<Series.Histogram> httpClientReceivedBytes;
  final Family<Series.Histogram> httpClientLatency;
  final Family<Series.Counter> httpClientCompleted;
  final Family<Series.Histogram> grpcServerReceivedBytes;
  final Family<Series.Histogram> grpcServerSentBytes;
  final Family<Series.Histogram> grpcServerLatency;
  final Family<Series.Counter> grpcServerCompleted;
  final Family<Series.Histogram> grpcClientSentBytes;
  final Family<Series.Histogram> grpcClientReceivedBytes;
  final Family<Series.Histogram> grpcClientLatency;
  final Family<Series.Counter> grpcClientCompleted;
  final Family<Series.Counter> stateCount;
  final Family<Series.Histogram> stateLatency;
  final Family<Series.Counter> configurationCount;
  final Family<Series.Histogram> configurationLatency;
  final Family<Series.Counter> secretCount;
  final Family<Series.Histogram> secretLatency;
  final Family<Series.Counter> invocationReqSent;
  final Family<Series.Counter> invocationReqRecv;
  final Family<Series.Counter> invocationResSent;
  final Family<Series.Counter> invocationResRecv;
  final Family<Series.Histogram> invocationResRecvLatency;
  final Family<Series.Counter> cryptoCount;
  final Family<Series.Histogram> cryptoLatency;
  final Family<Series.Counter> outputBindingCount;
  final Family<Series.Histogram> outputBindingLatency;
  final Family<Series.Counter> inputBindingCount;
  final Family<Series.Histogram> inputBindingLatency;
  final Family<Series.Counter> pubsubEgressCount;
  final Family<Series.Histogram> pubsubEgressLatency;
  final Family<Series.Counter> pubsubIngressCount;
  final Family<Series.Histogram> pubsubIngressLatency;
  final Family<Series.Counter> componentLoaded;
  final Family<Series.Counter> componentInitTotal;
  final Family<Series.Counter> componentInitFailTotal;
  final Family<Series.Counter> actorTimersFired;
  final Family<Series.Counter> actorRemindersFired;
  final Family<Series.Counter> actorDeactivated;
  final Family<Series.Gauge> actorPendingCalls;
  final Family<Series.Counter> resiliencyLoaded;
  final Family<Series.Counter> resiliencyCount;
  final Family<Series.Counter> resiliencyActivations;
  final Family<Series.Gauge> resiliencyCbState;
  final Family<Series.Counter> errorCodeTotal;
  final Family<Series.Counter> apiErrors;

  /**
   * The metrics of app {@code appId}.
   *
   * @param namespace the {@code namespace} label of the component and resiliency metrics ({@code NAMESPACE}, or
   *     {@code null}: empty, as daprd's self-hosted mode)
   * @param spec the Configuration's metrics settings
   * @throws IllegalArgumentException when a label rule's expression does not compile
   */
  public Metrics(String appId, String namespace, MetricsSpec spec) {
    this.enabled = spec.enabled();
    this.recordErrorCodes = spec.recordErrorCodes();
    this.httpLabels = new HttpPathLabels(spec.increasedCardinality(), spec.excludeVerbs(),
        spec.pathMatching());
    this.b = new Builder(appId, namespace == null ? "" : namespace, spec.labelRules(), spec.latencyBuckets());
    httpServerRequestCount = b.counter("http_server_request_count", "Count of HTTP requests processed by the server.",
        "method", "path", "status");
    httpServerLatency = b.latency("http_server_latency", "HTTP request end-to-end latency in server.",
        "method", "path", "status");
    httpServerRequestBytes = b.size("http_server_request_bytes",
        "HTTP request body size if set as ContentLength (uncompressed) in server.");
    httpServerResponseBytes = b.size("http_server_response_bytes", "HTTP response body size (uncompressed) in server.");
    httpClientSentBytes = b.size("http_client_sent_bytes", "Total bytes sent in request body (not including headers)",
        "method", "path", "status");
    httpClientReceivedBytes = b.size("http_client_received_bytes", "Total bytes received in response bodies (not "
        + "including headers but including error responses with bodies)");
    httpClientLatency = b.latency("http_client_roundtrip_latency", "Time between first byte of request headers sent "
        + "to last byte of response received, or terminal error", "method", "path", "status");
    httpClientCompleted = b.counter("http_client_completed_count", "Count of completed requests",
        "method", "path", "status");
    grpcServerReceivedBytes = b.size("grpc_io_server_received_bytes_per_rpc",
        "Total bytes received across all messages per RPC.", "grpc_server_method");
    grpcServerSentBytes = b.size("grpc_io_server_sent_bytes_per_rpc",
        "Total bytes sent in across all response messages per RPC.", "grpc_server_method");
    grpcServerLatency = b.latency("grpc_io_server_server_latency", "Time between first byte of request received to "
        + "last byte of response sent, or terminal error.", "grpc_server_method", "grpc_server_status");
    grpcServerCompleted = b.counter("grpc_io_server_completed_rpcs", "Distribution of bytes sent per RPC, by method.",
        "grpc_server_method", "grpc_server_status");
    grpcClientSentBytes = b.size("grpc_io_client_sent_bytes_per_rpc",
        "Total bytes sent across all request messages per RPC.", "grpc_client_method");
    grpcClientReceivedBytes = b.size("grpc_io_client_received_bytes_per_rpc",
        "Total bytes received across all response messages per RPC.", "grpc_client_method");
    grpcClientLatency = b.latency("grpc_io_client_roundtrip_latency", "Time between first byte of request sent to "
        + "last byte of response received, or terminal error.", "grpc_client_method", "grpc_client_status");
    grpcClientCompleted = b.counter("grpc_io_client_completed_rpcs", "Count of RPCs by method and status.",
        "grpc_client_method", "grpc_client_status");
    stateCount = b.nsCounter("component_state_count", "The number of operations performed on the state component.",
        "component", "operation", "success");
    stateLatency = b.nsLatency("component_state_latencies", "The latency of the response from the state component.",
        "component", "operation", "success");
    configurationCount = b.nsCounter("component_configuration_count",
        "The number of operations performed on the configuration component.", "component", "operation", "success");
    configurationLatency = b.nsLatency("component_configuration_latencies",
        "The latency of the response from the configuration component.", "component", "operation", "success");
    secretCount = b.nsCounter("component_secret_count", "The number of operations performed on the secret component.",
        "component", "operation", "success");
    secretLatency = b.nsLatency("component_secret_latencies", "The latency of the response from the secret component.",
        "component", "operation", "success");
    invocationReqSent = b.counter("runtime_service_invocation_req_sent_total",
        "The number of requests sent via service invocation.", "dst_app_id", "type");
    invocationReqRecv = b.counter("runtime_service_invocation_req_recv_total",
        "The number of requests received via service invocation.", "src_app_id");
    invocationResSent = b.counter("runtime_service_invocation_res_sent_total",
        "The number of responses sent via service invocation.", "dst_app_id", "status");
    invocationResRecv = b.counter("runtime_service_invocation_res_recv_total",
        "The number of responses received via service invocation.", "src_app_id", "status", "type");
    invocationResRecvLatency = b.latency("runtime_service_invocation_res_recv_latency_ms",
        "The latency of service invocation response.", "src_app_id", "status");
    cryptoCount = b.nsCounter("component_crypto_count", "The number of operations performed on the crypto component.",
        "component", "operation", "success");
    cryptoLatency = b.nsLatency("component_crypto_latencies", "The latency of the response from the crypto component.",
        "component", "operation", "success");
    outputBindingCount = b.nsCounter("component_output_binding_count",
        "The number of operations invoked on the output binding component.", "component", "operation", "success");
    outputBindingLatency = b.nsLatency("component_output_binding_latencies",
        "The latency of the response from the output binding component.", "component", "operation", "success");
    inputBindingCount = b.nsCounter("component_input_binding_count",
        "The number of incoming events arriving from the input binding component.", "component", "success");
    inputBindingLatency = b.nsLatency("component_input_binding_latencies", "The triggered app event processing latency.",
        "component", "success");
    pubsubEgressCount = b.nsCounter("component_pubsub_egress_count",
        "The number of outgoing messages published to the pub/sub component.", "component", "success", "topic");
    pubsubEgressLatency = b.nsLatency("component_pubsub_egress_latencies",
        "The latency of the response from the pub/sub component.", "component", "success", "topic");
    pubsubIngressCount = b.nsCounter("component_pubsub_ingress_count",
        "The number of incoming messages arriving from the pub/sub component.", "component", "process_status",
        "status", "topic");
    pubsubIngressLatency = b.nsLatency("component_pubsub_ingress_latencies",
        "The consuming app event processing latency.", "component", "process_status", "status", "topic");
    componentLoaded = b.counter("runtime_component_loaded", "The number of successfully loaded components.");
    componentInitTotal = b.counter("runtime_component_init_total", "The number of initialized components.",
        "component");
    componentInitFailTotal = b.counter("runtime_component_init_fail_total",
        "The number of component initialization failures.", "component", "reason", "componentName");
    actorTimersFired = b.counter("runtime_actor_timers_fired_total", "The number of actor timers fired requests.",
        "actor_type", "success");
    actorRemindersFired = b.counter("runtime_actor_reminders_fired_total",
        "The number of actor reminders fired requests.", "actor_type", "success");
    actorDeactivated = b.counter("runtime_actor_deactivated_total", "The number of the successful actor deactivation.",
        "actor_type");
    actorPendingCalls = b.gauge("runtime_actor_pending_actor_calls",
        "The number of pending actor calls waiting to acquire the per-actor lock.", "actor_type");
    resiliencyLoaded = b.nsCounter("resiliency_loaded", "Number of resiliency policies loaded.", "name");
    resiliencyCount = b.nsCounter("resiliency_count",
        "Number of times a resiliency policyKey has been applied to a building block.", "name", "policy",
        "flow_direction", "target", "status");
    resiliencyActivations = b.nsCounter("resiliency_activations_total", "Number of times a resiliency policyKey has "
        + "been activated in a building block after a failure or after a state change.", "name", "policy",
        "flow_direction", "target", "status");
    resiliencyCbState = b.nsGauge("resiliency_cb_state", "A resiliency policy's current CircuitBreakerState state. 0 "
        + "is closed, 1 is half-open, 2 is open, and -1 is unknown.", "name", "policy", "flow_direction", "target",
        "status");
    errorCodeTotal = b.counter("error_code_total",
        "Total number of times an error with a specific error code was encountered.", "error_code", "category");
    apiErrors = b.named("jdaprd_api_errors_total", "Errors of Dapr's error catalog answered by the HTTP and gRPC APIs, "
        + "by error code and transport.", Family.Type.COUNTER, null, List.of("errorCode", "protocol"), false);
    families.addAll(b.families);
  }

  /** Whether anything is recorded ({@code spec.metrics.enabled}). */
  public boolean enabled() {
    return enabled;
  }

  /** The metrics as text, Prometheus' text format or OpenMetrics ({@link Exposition}). */
  public String scrape(boolean openMetrics) {
    return Exposition.render(families, openMetrics);
  }

  /**
   * One request served by the HTTP API: {@code dapr_http_server_request_count}, {@code _latency},
   * {@code _request_bytes}, {@code _response_bytes}.
   *
   * @param path the request path without its query
   * @param requestBytes the request's {@code Content-Length}, 0 when absent
   */
  public void httpServerRequest(String method, String path, int status, long requestBytes, long responseBytes,
      long elapsedNanos) {
    if (!enabled) {
      return;
    }
    String m = httpLabels.method(method);
    String p = httpLabels.path(path);
    String s = status(status);
    httpServerRequestCount.series(m, p, s).inc();
    httpServerLatency.series(m, p, s).observe(millis(elapsedNanos));
    httpServerRequestBytes.series().observe(Math.max(requestBytes, 0));
    httpServerResponseBytes.series().observe(Math.max(responseBytes, 0));
  }

  /** One call of an HTTP app through the app channel: {@code dapr_http_client_*}. */
  public void httpClientRequest(String method, String path, int status, long sentBytes, long receivedBytes,
      long elapsedNanos) {
    if (!enabled) {
      return;
    }
    String m = httpLabels.method(method);
    String p = httpLabels.clientPath(path);
    String s = status(status);
    httpClientSentBytes.series(m, p, "").observe(Math.max(sentBytes, 0));
    httpClientCompleted.series(m, p, s).inc();
    httpClientLatency.series(m, p, s).observe(millis(elapsedNanos));
    httpClientReceivedBytes.series().observe(Math.max(receivedBytes, 0));
  }

  /**
   * One unary RPC served by the gRPC API: {@code dapr_grpc_io_server_*}.
   *
   * @param method the full method, {@code /dapr.proto.runtime.v1.Dapr/GetState}
   * @param status the gRPC code as grpc-go names it ({@code OK}, {@code NotFound}, ...)
   */
  public void grpcServerCall(String method, String status, long receivedBytes, long sentBytes, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    grpcServerCompleted.series(method, status).inc();
    grpcServerReceivedBytes.series(method).observe(receivedBytes);
    grpcServerSentBytes.series(method).observe(sentBytes);
    grpcServerLatency.series(method, status).observe(millis(elapsedNanos));
  }

  /** One proxied gRPC stream served: daprd counts it and its latency, not its bytes. */
  public void grpcServerStream(String method, String status, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    grpcServerCompleted.series(method, status).inc();
    grpcServerLatency.series(method, status).observe(millis(elapsedNanos));
  }

  /** One unary call of a gRPC app: {@code dapr_grpc_io_client_*}. */
  public void grpcClientCall(String method, String status, long sentBytes, long receivedBytes, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    grpcClientCompleted.series(method, status).inc();
    grpcClientLatency.series(method, status).observe(millis(elapsedNanos));
    grpcClientSentBytes.series(method).observe(sentBytes);
    grpcClientReceivedBytes.series(method).observe(receivedBytes);
  }

  /** One call of a state store; {@code operation} is daprd's ({@link Operations}). */
  public void stateCall(String component, String operation, boolean success, long elapsedNanos) {
    component(stateCount, stateLatency, component, operation, success, elapsedNanos);
  }

  /** One call of a configuration store ({@code get}, {@code subscribe}, {@code unsubscribe}). */
  public void configurationCall(String component, String operation, boolean success, long elapsedNanos) {
    component(configurationCount, configurationLatency, component, operation, success, elapsedNanos);
  }

  /** One call of a secret store ({@code get}, {@code bulk_get}). */
  public void secretCall(String component, String operation, boolean success, long elapsedNanos) {
    component(secretCount, secretLatency, component, operation, success, elapsedNanos);
  }

  /** A unary invocation sent to another sidecar or an external service (each attempt). */
  public void invocationRequestSent(String target) {
    if (enabled) {
      invocationReqSent.series(target, "unary").inc();
    }
  }

  /** The answer of an invocation sent: {@code status} is the HTTP status, or the gRPC code of a gRPC answer. */
  public void invocationResponseReceived(String target, int status, long elapsedNanos) {
    if (enabled) {
      String s = Integer.toString(status);
      invocationResRecv.series(target, s, "unary").inc();
      invocationResRecvLatency.series(target, s).observe(millis(elapsedNanos));
    }
  }

  /** An invocation received from another sidecar ({@code caller}: its app id, {@code unknown} without one). */
  public void invocationRequestReceived(String caller) {
    if (enabled) {
      invocationReqRecv.series(caller).inc();
    }
  }

  /** The answer sent for an invocation received: the app's status, or the gRPC code of the failure. */
  public void invocationResponseSent(String caller, int status) {
    if (enabled) {
      invocationResSent.series(caller, Integer.toString(status)).inc();
    }
  }

  /** One key wrap or unwrap of a crypto provider; daprd names every one {@code crypto_op}. */
  public void cryptoCall(String component, boolean success, long elapsedNanos) {
    component(cryptoCount, cryptoLatency, component, "crypto_op", success, elapsedNanos);
  }

  /** One call of an output binding; {@code operation} is the binding's ({@code create}, ...). */
  public void outputBinding(String component, String operation, boolean success, long elapsedNanos) {
    component(outputBindingCount, outputBindingLatency, component, operation, success, elapsedNanos);
  }

  /** One event of an input binding handed to the app. */
  public void inputBinding(String component, boolean success, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    String ok = bool(success);
    inputBindingCount.series(component, ok).inc();
    long ms = millis(elapsedNanos);
    if (ms > 0) {
      inputBindingLatency.series(component, ok).observe(ms);
    }
  }

  /** One message published to a broker: {@code dapr_component_pubsub_egress_count} and its latency. */
  public void pubsubEgress(String component, String topic, boolean success, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    String ok = bool(success);
    pubsubEgressCount.series(component, ok, topic).inc();
    long ms = millis(elapsedNanos);
    if (ms > 0) {
      pubsubEgressLatency.series(component, ok, topic).observe(ms);
    }
  }

  /**
   * One message delivered to the app: {@code dapr_component_pubsub_ingress_count} and its latency.
   *
   * @param processStatus daprd's outcome: {@code success}, {@code retry} or {@code drop}
   * @param status the app's status, {@code null} or empty: {@code processStatus}, as daprd
   */
  public void pubsubIngress(String component, String topic, String processStatus, String status, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    String st = status == null || status.isEmpty() ? processStatus : status;
    pubsubIngressCount.series(component, processStatus, st, topic).inc();
    long ms = millis(elapsedNanos);
    if (ms > 0) {
      pubsubIngressLatency.series(component, processStatus, st, topic).observe(ms);
    }
  }

  /** A component loaded: {@code dapr_runtime_component_loaded} and {@code _init_total} by type. */
  public void componentLoaded(String type) {
    if (!enabled) {
      return;
    }
    componentLoaded.series().inc();
    componentInitTotal.series(type).inc();
  }

  /** A component failed to load; {@code reason} is daprd's ({@code init}, ...). */
  public void componentInitFailed(String type, String reason, String name) {
    if (enabled) {
      componentInitFailTotal.series(type, reason, name).inc();
    }
  }

  /** An actor timer fired. */
  public void actorTimerFired(String actorType, boolean success) {
    if (enabled) {
      actorTimersFired.series(actorType, bool(success)).inc();
    }
  }

  /** An actor reminder fired. */
  public void actorReminderFired(String actorType, boolean success) {
    if (enabled) {
      actorRemindersFired.series(actorType, bool(success)).inc();
    }
  }

  /** An actor deactivated. */
  public void actorDeactivated(String actorType) {
    if (enabled) {
      actorDeactivated.series(actorType).inc();
    }
  }

  /** Calls waiting for an actor's turn changed by {@code delta}. */
  public void actorPendingCalls(String actorType, long delta) {
    if (enabled) {
      actorPendingCalls.series(actorType).add(delta);
    }
  }

  /** A {@code Resiliency} resource loaded. */
  public void resiliencyLoaded(String name) {
    if (enabled) {
      resiliencyLoaded.series(name).inc();
    }
  }

  /**
   * A resiliency policy applied to a call: {@code dapr_resiliency_count}; a circuit breaker's also sets
   * {@code dapr_resiliency_cb_state} to 1 for {@code status} and 0 for the others.
   *
   * @param policy {@code timeout}, {@code retry} or {@code circuitbreaker}
   * @param direction {@code outbound} or {@code inbound}
   * @param target {@link #appTarget}, {@link #actorTarget} or {@link #componentTarget}
   * @param status a circuit breaker's state ({@code closed}, {@code half-open}, {@code open}), else empty
   */
  public void resiliencyExecuted(String name, String policy, String direction, String target, String status) {
    if (!enabled) {
      return;
    }
    resiliencyCount.series(name, policy, direction, target, status).inc();
    if (policy.equals("circuitbreaker")) {
      circuitBreakerState(name, direction, target, status);
    }
  }

  /** A resiliency policy activated (a retry made, a timeout fired, a breaker changed state). */
  public void resiliencyActivated(String name, String policy, String direction, String target, String status) {
    if (enabled) {
      resiliencyActivations.series(name, policy, direction, target, status).inc();
    }
  }

  /** A circuit breaker's state: 1 on {@code status}'s series, 0 on the other states'. */
  public void circuitBreakerState(String name, String direction, String target, String status) {
    if (!enabled) {
      return;
    }
    for (String s : new String[] {"closed", "half-open", "open", "unknown"}) {
      resiliencyCbState.series(name, "circuitbreaker", direction, target, s).set(s.equals(status) ? 1 : 0);
    }
  }

  /** daprd's resiliency target for an app: {@code app_<id>}. */
  public static String appTarget(String appId) {
    return "app_" + appId;
  }

  /** daprd's resiliency target for an actor type: {@code actor_<type>}. */
  public static String actorTarget(String actorType) {
    return "actor_" + actorType;
  }

  /** daprd's resiliency target for a component: {@code <kind>_<name>} (kind {@code Statestore}, {@code Pubsub}...). */
  public static String componentTarget(String name, String kind) {
    return kind + "_" + name;
  }

  /**
   * An error of the catalog answered by an API: {@code jdaprd_api_errors_total} (always) and, with
   * {@code spec.metrics.recordErrorCodes}, daprd's {@code dapr_error_code_total}.
   *
   * @param protocol {@code http} or {@code grpc}
   */
  public void apiError(String errorCode, String category, String protocol) {
    if (!enabled) {
      return;
    }
    apiErrors.series(errorCode, protocol).inc();
    if (recordErrorCodes && category != null && !category.isEmpty()) {
      errorCodeTotal.series(errorCode, category).inc();
    }
  }

  private void component(Family<Series.Counter> count, Family<Series.Histogram> latency, String component,
      String operation, boolean success, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    String ok = bool(success);
    count.series(component, operation, ok).inc();
    long ms = millis(elapsedNanos);
    if (ms > 0) {
      latency.series(component, operation, ok).observe(ms);
    }
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(Math.max(nanos, 0));
  }

  private static String bool(boolean b) {
    return b ? "true" : "false";
  }

  private static String status(int status) {
    return status >= 0 && status < STATUS.length ? STATUS[status] : Integer.toString(status);
  }

  /** Makes the families, with the constant labels and buckets of this sidecar. */
  private static final class Builder {
    private final String appId;
    private final String namespace;
    private final LabelRules rules;
    private final double[] latencyBuckets;
    private final List<Family<?>> families = new ArrayList<>();

    Builder(String appId, String namespace, LabelRules rules, double[] latencyBuckets) {
      this.appId = appId;
      this.namespace = namespace;
      this.rules = rules;
      this.latencyBuckets = latencyBuckets.clone();
    }

    Family<Series.Counter> counter(String name, String help, String... labels) {
      return named("dapr_" + name, help, Family.Type.COUNTER, null, List.of(labels), false);
    }

    Family<Series.Counter> nsCounter(String name, String help, String... labels) {
      return named("dapr_" + name, help, Family.Type.COUNTER, null, List.of(labels), true);
    }

    Family<Series.Gauge> gauge(String name, String help, String... labels) {
      return named("dapr_" + name, help, Family.Type.GAUGE, null, List.of(labels), false);
    }

    Family<Series.Gauge> nsGauge(String name, String help, String... labels) {
      return named("dapr_" + name, help, Family.Type.GAUGE, null, List.of(labels), true);
    }

    Family<Series.Histogram> latency(String name, String help, String... labels) {
      return named("dapr_" + name, help, Family.Type.HISTOGRAM, latencyBuckets, List.of(labels), false);
    }

    Family<Series.Histogram> nsLatency(String name, String help, String... labels) {
      return named("dapr_" + name, help, Family.Type.HISTOGRAM, latencyBuckets, List.of(labels), true);
    }

    Family<Series.Histogram> size(String name, String help, String... labels) {
      return named("dapr_" + name, help, Family.Type.HISTOGRAM, MetricsSpec.SIZE_BUCKETS, List.of(labels), false);
    }

    @SuppressWarnings("unchecked")
    <S extends Series> Family<S> named(String name, String help, Family.Type type, double[] buckets,
        List<String> labels, boolean withNamespace) {
      List<String> names = new ArrayList<>();
      List<String> constants = new ArrayList<>();
      names.add(APP_ID);
      constants.add(appId);
      if (withNamespace) {
        names.add(NAMESPACE);
        constants.add(namespace);
      }
      names.addAll(labels);
      java.util.function.Function<String[], S> create = switch (type) {
        case COUNTER -> v -> (S) new Series.Counter(v);
        case GAUGE -> v -> (S) new Series.Gauge(v);
        case HISTOGRAM -> v -> (S) new Series.Histogram(v, buckets);
      };
      Family<S> f = new Family<>(name, help, type, names, constants, rules, create);
      families.add(f);
      return f;
    }
  }
}
