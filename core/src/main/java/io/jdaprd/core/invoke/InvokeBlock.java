package io.jdaprd.core.invoke;

import io.jdaprd.core.Transport;
import io.jdaprd.core.invoke.acl.InvokeMethods;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.resiliency.Policy;
import io.jdaprd.core.resiliency.Resiliency;
import io.jdaprd.core.resiliency.RetrySpec;
import io.jdaprd.core.resiliency.Ticker;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CauseCode;
import io.jdaprd.errors.factories.InvokeErrors;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Service invocation, as daprd's direct messaging: the caller's side ({@link #invoke}) sends a call whose target is
 * a URL or names an {@code HTTPEndpoint} to that external service, calls this sidecar's own app directly when the
 * target is this app, and another app's sidecar over the internal API otherwise; the callee's side
 * ({@link #callLocal}) checks the call and passes it to the app.
 */
public final class InvokeBlock {
  /** daprd's built-in retry of a replayable request on {@code Unavailable}/{@code Unauthenticated}. */
  static final int RETRIES = 3;
  static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
  /** The largest body buffered so that the request can be sent again. */
  static final long REPLAY_LIMIT = 4L << 20;

  static final String CALLER_APP_ID = "dapr-caller-app-id";
  static final String CALLER_NAMESPACE = "dapr-caller-namespace";
  static final String CALLEE_APP_ID = "dapr-callee-app-id";
  static final String DESTINATION_APP_ID = "destination-app-id";

  private final String appId;
  private final String namespace;
  private final AppInvoker app;
  private final TargetResolver resolver;
  private final RemoteSidecars remote;
  private final LocalCallGate gate;
  private final Forwarding forwarding;
  private final ExternalInvoker external;
  private final Duration retryInterval;
  private final BooleanSupplier appHealthy;
  private final Resiliency resiliency;
  private Metrics metrics = Metrics.NONE;

  /**
   * The block of the sidecar of {@code appId} in {@code namespace}.
   *
   * @param app this sidecar's app, {@code null} without one
   * @param forwarding the values of the {@code X-Forwarded-*} and {@code Forwarded} headers added to remote calls
   */
  public InvokeBlock(String appId, String namespace, AppInvoker app, TargetResolver resolver, RemoteSidecars remote,
      LocalCallGate gate, Forwarding forwarding) {
    this(appId, namespace, app, resolver, remote, gate, forwarding, ExternalInvoker.NONE, RETRY_INTERVAL,
        () -> true);
  }

  /**
   * The block as the runtime builds it: {@code appHealthy} tells whether the app passes its health checks (always
   * true without them); calls of an unhealthy app fail with daprd's {@code app is not in a healthy state}.
   */
  public InvokeBlock(String appId, String namespace, AppInvoker app, InvocationPeers peers,
      BooleanSupplier appHealthy) {
    this(appId, namespace, app, peers, appHealthy, Resiliency.builtIn());
  }

  /**
   * The block as the runtime builds it, calls running under the {@code apps} policies of {@code resiliency}; a
   * target without a policy of its own gets daprd's built-in retry of calls between sidecars.
   */
  public InvokeBlock(String appId, String namespace, AppInvoker app, InvocationPeers peers,
      BooleanSupplier appHealthy, Resiliency resiliency) {
    this(appId, namespace, app, peers.resolver(), peers.remote(), peers.gate(), peers.forwarding(), peers.external(),
        RETRY_INTERVAL, appHealthy, resiliency);
  }

  InvokeBlock(String appId, String namespace, AppInvoker app, TargetResolver resolver, RemoteSidecars remote,
      LocalCallGate gate, Forwarding forwarding, ExternalInvoker external, Duration retryInterval,
      BooleanSupplier appHealthy) {
    this(appId, namespace, app, resolver, remote, gate, forwarding, external, retryInterval, appHealthy,
        Resiliency.builtIn());
  }

  InvokeBlock(String appId, String namespace, AppInvoker app, TargetResolver resolver, RemoteSidecars remote,
      LocalCallGate gate, Forwarding forwarding, ExternalInvoker external, Duration retryInterval,
      BooleanSupplier appHealthy, Resiliency resiliency) {
    this.appId = appId == null ? "" : appId;
    this.namespace = namespace == null || namespace.isEmpty() ? "default" : namespace;
    this.app = app;
    this.resolver = resolver;
    this.remote = remote;
    this.gate = gate;
    this.forwarding = forwarding;
    this.external = external;
    this.retryInterval = retryInterval;
    this.appHealthy = appHealthy;
    this.resiliency = resiliency;
  }

  /**
   * Records daprd's {@code dapr_runtime_service_invocation_*} counters in {@code metrics} (none by default).
   *
   * @return this block
   */
  public InvokeBlock recordingIn(Metrics metrics) {
    this.metrics = metrics;
    return this;
  }

  /** A block without app, resolver or peers: every call fails as daprd's does with none of them. */
  public InvokeBlock(String appId) {
    this(appId, null, null, InvocationPeers.NONE.resolver(), InvocationPeers.NONE.remote(), LocalCallGate.OPEN,
        Forwarding.NONE);
  }

  /**
   * Invokes {@code request} on {@code targetAppId} ({@code id} or {@code id.namespace}). The caller closes the
   * response.
   *
   * @param targetAppId over HTTP the id from the path, the {@code dapr-app-id} header or Basic auth ({@code null}
   *     when none names one); over gRPC the request's id, as it is
   * @throws DaprException {@code ERR_DIRECT_INVOKE}: 404 without an app id over HTTP, 403 when the callee denied
   *     the call, 500 for every other failure, with daprd's message
   */
  public InvokeResponse invoke(String targetAppId, InvokeRequest request, Transport transport) {
    if (transport == Transport.HTTP && (targetAppId == null || targetAppId.isEmpty())) {
      throw InvokeErrors.noAppId();
    }
    String target = targetAppId == null ? "" : targetAppId;
    try {
      Policy policy = resiliency.endpoint(target, endpointKey(target, request.method()));
      return policy.isNone() ? route(target, request) : ResilientInvoke.run(policy, request, transport,
          REPLAY_LIMIT, r -> route(target, r));
    } catch (RemoteCallException e) {
      request.body().close();
      if (e.byPolicy() && transport == Transport.GRPC) {
        throw InvokeErrors.stoppedByPolicy(e.getMessage(), e.code() == CauseCode.DEADLINE_EXCEEDED);
      }
      throw InvokeErrors.failed(target, e.getMessage(), e.code());
    }
  }

  /** daprd's key of an endpoint's circuit breaker: {@code url/method}, an endpoint's name, or {@code id:method}. */
  private String endpointKey(String target, String method) {
    if (isUrl(target)) {
      return target + "/" + method;
    }
    return external.hasEndpoint(target) ? target : target + ":" + method;
  }

  private InvokeResponse route(String target, InvokeRequest request) throws RemoteCallException {
    InvokeRequest normalized = request.withMethod(normalizedMethod(request.method()));
    if (isUrl(target)) {
      return withRetries(target, normalized, r -> external.invoke(target, r));
    }
    String[] idAndNamespace = idAndNamespace(target);
    String id = idAndNamespace[0];
    String ns = idAndNamespace[1];
    if (external.hasEndpoint(id)) {
      return withRetries(id, normalized, r -> external.invoke(id, r));
    }
    if (id.equals(appId) && ns.equals(namespace)) {
      return invokeOwnApp(normalized);
    }
    String address;
    try {
      address = resolver.resolve(id, ns);
    } catch (TargetResolver.UnresolvableException e) {
      throw new RemoteCallException(CauseCode.UNKNOWN, e.getMessage());
    }
    return withRetries(id, stamped(normalized, id, true), r -> remote.invoke(address, id, ns, r));
  }

  /** Whether {@code target} is a URL, which daprd calls as it is (no namespace, no name resolution). */
  static boolean isUrl(String target) {
    return target.startsWith("http://") || target.startsWith("https://");
  }

  private String[] idAndNamespace(String target) throws RemoteCallException {
    if (target.isEmpty()) {
      throw new RemoteCallException(CauseCode.UNKNOWN, "app id is empty");
    }
    String[] parts = target.split("\\.", -1);
    return switch (parts.length) {
      case 1 -> new String[] {target, namespace};
      case 2 -> parts;
      default -> throw new RemoteCallException(CauseCode.UNKNOWN, "invalid app id " + target);
    };
  }

  private InvokeResponse invokeOwnApp(InvokeRequest request) throws RemoteCallException {
    if (app == null) {
      throw new RemoteCallException(CauseCode.UNKNOWN, "cannot invoke local endpoint: app channel not initialized");
    }
    if (!appHealthy.getAsBoolean()) {
      throw RemoteCallException.status(CauseCode.INTERNAL, InvokeErrors.APP_UNHEALTHY);
    }
    try {
      return app.invoke(stamped(request, appId, false));
    } catch (AppInvoker.AppCallFailure e) {
      throw new RemoteCallException(CauseCode.UNKNOWN, e.getMessage());
    }
  }

  /** One attempt of a call to another sidecar or an external service. */
  @FunctionalInterface
  private interface Attempt {
    InvokeResponse send(InvokeRequest request) throws RemoteCallException;
  }

  /**
   * Sends a request to a remote sidecar or an external service; a request that can be sent again is retried on
   * {@code Unavailable} and {@code Unauthenticated}, as daprd's built-in policy does.
   */
  private InvokeResponse withRetries(String id, InvokeRequest request, Attempt attempt)
      throws RemoteCallException {
    if (request.streaming() || request.body().length() > REPLAY_LIMIT || resiliency.hasAppPolicy(id)) {
      return recorded(id, request, attempt);
    }
    byte[] body;
    try {
      body = request.body().readAll(REPLAY_LIMIT);
    } catch (IOException e) {
      throw new RemoteCallException(CauseCode.UNKNOWN, "failed to read data from request object: " + e.getMessage());
    }
    int[] attempts = {0};
    return builtInRetries().run(() -> {
      attempts[0]++;
      try {
        return recorded(id, new InvokeRequest(request.method(), request.verb(), request.query(),
            request.metadata(), request.contentType(), InvokeBody.of(body)), attempt);
      } catch (RemoteCallException e) {
        if (!isTransient(e)) {
          throw e;
        }
        throw new RemoteCallException(e.code(), "failed to invoke target " + id + " after " + (attempts[0] - 1)
            + " retries. Error: " + e.getMessage());
      }
    }, text -> new RemoteCallException(CauseCode.CANCELLED, text), e -> !(e instanceof RemoteCallException r
        && isTransient(r)));
  }

  /** One attempt, counted as daprd counts a request sent and the answer received. */
  private InvokeResponse recorded(String id, InvokeRequest request, Attempt attempt) throws RemoteCallException {
    long start = System.nanoTime();
    metrics.invocationRequestSent(id);
    InvokeResponse response = attempt.send(request);
    metrics.invocationResponseReceived(id, response.status().code(), System.nanoTime() - start);
    return response;
  }

  private static boolean isTransient(RemoteCallException e) {
    return e.code() == CauseCode.UNAVAILABLE || e.code() == CauseCode.UNAUTHENTICATED;
  }

  /**
   * daprd's {@code DaprBuiltInServiceRetries}: a {@code Resiliency} resource's policy of that name when one defines
   * it (daprd keeps at least 3 retries), else 3 retries {@code retryInterval} apart (daprd's constant 1 s).
   */
  private Policy builtInRetries() {
    if (resiliency.overrides(Resiliency.BuiltIn.SERVICE_RETRIES)) {
      return resiliency.builtIn(Resiliency.BuiltIn.SERVICE_RETRIES);
    }
    return new Policy(Resiliency.BuiltIn.SERVICE_RETRIES.policyName(), Duration.ZERO,
        RetrySpec.constant(retryInterval, RETRIES), null, Ticker.SYSTEM);
  }

  /**
   * The callee's side: a call that came from another sidecar ({@code CallLocal}, {@code CallLocalStream}) passes
   * the gate and goes to the app.
   *
   * @param callerSpiffeId the caller's verified identity, {@code null} without mTLS
   * @throws RemoteCallException with the status the caller's sidecar is to receive
   */
  public InvokeResponse callLocal(InvokeRequest request, String callerSpiffeId) throws RemoteCallException {
    InvokeRequest normalized = request.withMethod(normalizedMethod(request.method()));
    gate.check(callerSpiffeId, normalized);
    List<String> callers = request.metadata().get(CALLER_APP_ID);
    String caller = callers == null || callers.isEmpty() ? "unknown" : callers.getFirst();
    metrics.invocationRequestReceived(caller);
    int status = CauseCode.INTERNAL.ordinal();
    try {
      InvokeResponse response = callApp(normalized);
      status = response.status().code();
      return response;
    } catch (RemoteCallException e) {
      status = e.code().ordinal();
      throw e;
    } finally {
      metrics.invocationResponseSent(caller, status);
    }
  }

  private InvokeResponse callApp(InvokeRequest normalized) throws RemoteCallException {
    if (app == null) {
      throw RemoteCallException.status(CauseCode.INTERNAL, "app channel not initialized");
    }
    if (!appHealthy.getAsBoolean()) {
      throw RemoteCallException.status(CauseCode.INTERNAL, InvokeErrors.APP_UNHEALTHY);
    }
    try {
      return app.invoke(normalized);
    } catch (AppInvoker.AppCallFailure e) {
      throw RemoteCallException.status(CauseCode.INTERNAL, "error invoking app channel: " + e.getMessage());
    }
  }

  /** The request with the caller and callee headers set (caller-supplied ones dropped), as daprd stamps them. */
  private InvokeRequest stamped(InvokeRequest request, String callee, boolean remoteCall) {
    Map<String, List<String>> md = new LinkedHashMap<>();
    request.metadata().forEach((k, v) -> {
      String lower = k.toLowerCase(Locale.ROOT);
      if (!lower.equals(CALLER_APP_ID) && !lower.equals(CALLER_NAMESPACE) && !lower.equals(CALLEE_APP_ID)
          && !(remoteCall && lower.equals(DESTINATION_APP_ID))) {
        md.put(k, v);
      }
    });
    if (remoteCall) {
      forwarding.addTo(md);
      md.put(DESTINATION_APP_ID, List.of(callee));
    }
    md.put(CALLER_NAMESPACE, List.of(namespace));
    md.put(CALLER_APP_ID, List.of(appId));
    md.put(CALLEE_APP_ID, List.of(callee));
    return request.withMetadata(md);
  }

  /**
   * Where a proxied gRPC call for {@code targetAppId} goes, as daprd's gRPC proxy decides: this sidecar's own app
   * (after daprd's checks of a call from another sidecar: the method normalised, the access-control policy applied
   * with no verb) or the internal address of the target's sidecar.
   *
   * @param fullMethod the gRPC path, {@code /package.Service/Method}
   * @param callerSpiffeId the caller's verified identity on the internal port, {@code null} without mTLS or on the
   *     API port
   * @throws RemoteCallException when the target cannot be resolved or the policy denies the call
   */
  public ProxyRoute proxyRoute(String targetAppId, String fullMethod, String callerSpiffeId)
      throws RemoteCallException {
    String[] idAndNamespace = idAndNamespace(targetAppId);
    if (idAndNamespace[0].equals(appId) && idAndNamespace[1].equals(namespace)) {
      String method = normalizedMethod(fullMethod);
      gate.check(callerSpiffeId, new InvokeRequest(method, "NONE", "", Map.of(), "", InvokeBody.empty()));
      return new ProxyRoute(appId, namespace, null);
    }
    try {
      return new ProxyRoute(idAndNamespace[0], idAndNamespace[1],
          resolver.resolve(idAndNamespace[0], idAndNamespace[1]));
    } catch (TargetResolver.UnresolvableException e) {
      throw new RemoteCallException(CauseCode.UNKNOWN, e.getMessage());
    }
  }

  /**
   * The destination of a proxied call.
   *
   * @param appId the target app id (without namespace)
   * @param namespace the target's namespace (an mTLS connection checks the sidecar's identity against both)
   * @param address the target sidecar's internal address, {@code null} for this sidecar's own app
   */
  public record ProxyRoute(String appId, String namespace, String address) {
    /** Whether the call goes to this sidecar's own app. */
    public boolean local() {
      return address == null;
    }
  }

  /** daprd's {@code NormalizeMethod}, its refusal as the {@code InvalidArgument} status daprd answers. */
  private static String normalizedMethod(String method) throws RemoteCallException {
    try {
      return InvokeMethods.normalize(method);
    } catch (InvokeMethods.InvalidMethodException e) {
      throw RemoteCallException.status(CauseCode.INVALID_ARGUMENT, "invalid method: " + e.getMessage());
    }
  }

  /** This sidecar's own app id. */
  public String appId() {
    return appId;
  }
}
