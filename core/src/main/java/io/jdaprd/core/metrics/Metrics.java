package io.jdaprd.core.metrics;

import java.util.List;

/**
 * One sidecar's {@code dapr_*} metrics, with daprd's names, label keys, units (milliseconds, bytes) and buckets, and
 * the one recording API the adapters, the app channel, the blocks and the resiliency policies call. Latencies are
 * given in nanoseconds and recorded as daprd 1.18 records them: the HTTP and gRPC server and client latencies in whole
 * milliseconds, truncated; the component latencies and the service invocation response latency in milliseconds with
 * their fraction (daprd's {@code ElapsedSince}), a component's only when above zero, as daprd skips a zero. With {@code spec.metrics.enabled: false} every
 * call returns at once and nothing is exported. Thread-safe; a recording on an existing series allocates nothing.
 */
public final class Metrics {
  /** Metrics that record nothing, for tests and embeddings that do not export. */
  public static final Metrics NONE = new Metrics("", null, new MetricsSpec(false, false, true, false, List.of(),
      MetricsSpec.DEFAULT_LATENCY_BUCKETS, List.of()));

  private final boolean enabled;
  private final List<Family<?>> families;
  final ServerMetrics server;
  final ComponentMetrics components;
  final RuntimeMetrics runtime;
  final ResiliencyMetrics resiliency;

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
    Families b = new Families(appId, namespace == null ? "" : namespace, spec.labelRules(), spec.latencyBuckets());
    HttpPathLabels httpLabels = new HttpPathLabels(spec.increasedCardinality(), spec.excludeVerbs(),
        spec.pathMatching());
    this.server = new ServerMetrics(b, enabled, httpLabels);
    this.components = new ComponentMetrics(b, enabled);
    this.runtime = new RuntimeMetrics(b, enabled, spec.recordErrorCodes());
    this.resiliency = new ResiliencyMetrics(b, enabled);
    this.families = List.copyOf(b.all());
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
    server.httpServerRequest(method, path, status, requestBytes, responseBytes, elapsedNanos);
  }

  /** One call of an HTTP app through the app channel: {@code dapr_http_client_*}. */
  public void httpClientRequest(String method, String path, int status, long sentBytes, long receivedBytes,
      long elapsedNanos) {
    server.httpClientRequest(method, path, status, sentBytes, receivedBytes, elapsedNanos);
  }

  /**
   * One unary RPC served by the gRPC API: {@code dapr_grpc_io_server_*}.
   *
   * @param method the full method, {@code /dapr.proto.runtime.v1.Dapr/GetState}
   * @param status the gRPC code as grpc-go names it ({@code OK}, {@code NotFound}, ...)
   */
  public void grpcServerCall(String method, String status, long receivedBytes, long sentBytes, long elapsedNanos) {
    server.grpcServerCall(method, status, receivedBytes, sentBytes, elapsedNanos);
  }

  /** One proxied gRPC stream served: daprd counts it and its latency, not its bytes. */
  public void grpcServerStream(String method, String status, long elapsedNanos) {
    server.grpcServerStream(method, status, elapsedNanos);
  }

  /** One unary call of a gRPC app: {@code dapr_grpc_io_client_*}. */
  public void grpcClientCall(String method, String status, long sentBytes, long receivedBytes, long elapsedNanos) {
    server.grpcClientCall(method, status, sentBytes, receivedBytes, elapsedNanos);
  }

  /** One call of a state store; {@code operation} is daprd's ({@link Operations}). */
  public void stateCall(String component, String operation, boolean success, long elapsedNanos) {
    components.call(components.stateCount, components.stateLatency, component, operation, success, elapsedNanos);
  }

  /** One call of a configuration store ({@code get}, {@code subscribe}, {@code unsubscribe}). */
  public void configurationCall(String component, String operation, boolean success, long elapsedNanos) {
    components.call(components.configurationCount, components.configurationLatency, component, operation, success,
        elapsedNanos);
  }

  /** One call of a secret store ({@code get}, {@code bulk_get}). */
  public void secretCall(String component, String operation, boolean success, long elapsedNanos) {
    components.call(components.secretCount, components.secretLatency, component, operation, success, elapsedNanos);
  }

  /** A unary invocation sent to another sidecar or an external service (each attempt). */
  public void invocationRequestSent(String target) {
    runtime.invocationRequestSent(target);
  }

  /** The answer of an invocation sent: {@code status} is the HTTP status, or the gRPC code of a gRPC answer. */
  public void invocationResponseReceived(String target, int status, long elapsedNanos) {
    runtime.invocationResponseReceived(target, status, elapsedNanos);
  }

  /** An invocation received from another sidecar ({@code caller}: its app id, {@code unknown} without one). */
  public void invocationRequestReceived(String caller) {
    runtime.invocationRequestReceived(caller);
  }

  /** The answer sent for an invocation received: the app's status, or the gRPC code of the failure. */
  public void invocationResponseSent(String caller, int status) {
    runtime.invocationResponseSent(caller, status);
  }

  /** One key wrap or unwrap of a crypto provider; daprd names every one {@code crypto_op}. */
  public void cryptoCall(String component, boolean success, long elapsedNanos) {
    components.call(components.cryptoCount, components.cryptoLatency, component, "crypto_op", success, elapsedNanos);
  }

  /** One call of an output binding; {@code operation} is the binding's ({@code create}, ...). */
  public void outputBinding(String component, String operation, boolean success, long elapsedNanos) {
    components.call(components.outputBindingCount, components.outputBindingLatency, component, operation, success,
        elapsedNanos);
  }

  /** One event of an input binding handed to the app. */
  public void inputBinding(String component, boolean success, long elapsedNanos) {
    components.inputBinding(component, success, elapsedNanos);
  }

  /** One message published to a broker: {@code dapr_component_pubsub_egress_count} and its latency. */
  public void pubsubEgress(String component, String topic, boolean success, long elapsedNanos) {
    components.pubsubEgress(component, topic, success, elapsedNanos);
  }

  /**
   * One message delivered to the app: {@code dapr_component_pubsub_ingress_count} and its latency.
   *
   * @param processStatus daprd's outcome: {@code success}, {@code retry} or {@code drop}
   * @param status the app's status, {@code null} or empty: {@code processStatus}, as daprd
   */
  public void pubsubIngress(String component, String topic, String processStatus, String status, long elapsedNanos) {
    components.pubsubIngress(component, topic, processStatus, status, elapsedNanos);
  }

  /**
   * One bulk publish call ({@code /v1.0-alpha1/publish/bulk}, {@code BulkPublishEventAlpha1}), as daprd 1.18 records
   * it: {@code dapr_component_pubsub_egress_bulk_count} and {@code _latencies} once per call, {@code success} only
   * when every entry was published; {@code dapr_component_pubsub_egress_bulk_event_count} grows by the entries
   * published. A call refused by the pub/sub's scopes counts as failed with all its entries published, as daprd's.
   *
   * @param eventsPublished the entries the call sent minus those that failed
   */
  public void pubsubBulkEgress(String component, String topic, boolean success, long eventsPublished,
      long elapsedNanos) {
    components.pubsubBulkEgress(component, topic, success, eventsPublished, elapsedNanos);
  }

  /**
   * One batch of a bulk subscription handed to the app: {@code dapr_component_pubsub_ingress_bulk_count} and
   * {@code _latencies}, the latency being the app call's. daprd labels these with {@code component="pubsubName"}
   * whatever the pub/sub (it passes a metadata key for the name); so does this.
   */
  public void pubsubBulkIngress(String topic, long elapsedNanos) {
    components.pubsubBulkIngress(topic, elapsedNanos);
  }

  /**
   * {@code count} entries of bulk subscribe batches ended with {@code processStatus} ({@code success}, {@code retry}
   * or {@code drop}): {@code dapr_component_pubsub_ingress_bulk_event_count}; nothing when {@code count} is 0.
   */
  public void pubsubBulkIngressEntries(String topic, String processStatus, long count) {
    components.pubsubBulkIngressEntries(topic, processStatus, count);
  }

  /** A component loaded: {@code dapr_runtime_component_loaded} and {@code _init_total} by type. */
  public void componentLoaded(String type) {
    runtime.componentLoaded(type);
  }

  /** A component failed to load; {@code reason} is daprd's ({@code init}, ...). */
  public void componentInitFailed(String type, String reason, String name) {
    runtime.componentInitFailed(type, reason, name);
  }

  /** An actor timer fired. */
  public void actorTimerFired(String actorType, boolean success) {
    runtime.actorTimerFired(actorType, success);
  }

  /** An actor reminder fired. */
  public void actorReminderFired(String actorType, boolean success) {
    runtime.actorReminderFired(actorType, success);
  }

  /** An actor deactivated. */
  public void actorDeactivated(String actorType) {
    runtime.actorDeactivated(actorType);
  }

  /** Calls waiting for an actor's turn changed by {@code delta}. */
  public void actorPendingCalls(String actorType, long delta) {
    runtime.actorPendingCalls(actorType, delta);
  }

  /** A {@code Resiliency} resource loaded. */
  public void resiliencyLoaded(String name) {
    resiliency.loaded(name);
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
    resiliency.executed(name, policy, direction, target, status);
  }

  /** A resiliency policy activated (a retry made, a timeout fired, a breaker changed state). */
  public void resiliencyActivated(String name, String policy, String direction, String target, String status) {
    resiliency.activated(name, policy, direction, target, status);
  }

  /** A circuit breaker's state: 1 on {@code status}'s series, 0 on the other states'. */
  public void circuitBreakerState(String name, String direction, String target, String status) {
    resiliency.circuitBreakerState(name, direction, target, status);
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
    runtime.apiError(errorCode, category, protocol);
  }

}
