package io.jdaprd.api.http.access;

import io.jdaprd.core.runtime.ApiAccess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * daprd's HTTP endpoints as its router knows them: each route with its methods, its API group (the name and version
 * the Configuration's {@code spec.api} lists use), its name (what API logging writes with {@code obfuscateURLs}) and
 * whether it is a health check. {@link #match} finds the endpoint a request reaches as daprd's router does: static
 * path segments before parameters, parameters before a trailing {@code *}; a request no endpoint takes reaches the
 * service invocation fallback, {@link #INVOKE}.
 */
public final class HttpEndpoints {
  /** daprd's fallback endpoint: every unmatched request is a service invocation. */
  public static final Endpoint INVOKE = new Endpoint(Set.of(), "v1.0/invoke/*", "invoke", "v1", "InvokeService",
      false);

  private static final boolean HEALTH = true;

  private static final List<Endpoint> ENDPOINTS = List.of(
      e("POST,PUT", "v1.0/actors/{actorType}/{actorId}/state", "actors", "v1", "ExecuteActorStateTransaction"),
      e("GET,POST,DELETE,PUT", "v1.0/actors/{actorType}/{actorId}/method/{method}", "actors", "v1", "InvokeActor"),
      e("GET", "v1.0/actors/{actorType}/{actorId}/state/{key}", "actors", "v1", "GetActorState"),
      e("POST,PUT", "v1.0/actors/{actorType}/{actorId}/reminders/{name}", "actors", "v1", "RegisterActorReminder"),
      e("POST,PUT", "v1.0/actors/{actorType}/{actorId}/timers/{name}", "actors", "v1", "RegisterActorTimer"),
      e("DELETE", "v1.0/actors/{actorType}/{actorId}/reminders/{name}", "actors", "v1", "UnregisterActorReminder"),
      e("DELETE", "v1.0/actors/{actorType}/{actorId}/timers/{name}", "actors", "v1", "UnregisterActorTimer"),
      e("GET", "v1.0/actors/{actorType}/{actorId}/reminders/{name}", "actors", "v1", "GetActorReminder"),
      e("POST", "v1.0-alpha1/conversation/{name}/converse", "conversation", "v1alpha1", "Converse"),
      e("POST", "v1.0-alpha2/conversation/{name}/converse", "conversation", "v1alpha2", "Converse"),
      e("PUT", "v1.0-alpha1/crypto/{name}/encrypt", "crypto", "v1alpha1", "Encrypt"),
      e("PUT", "v1.0-alpha1/crypto/{name}/decrypt", "crypto", "v1alpha1", "Decrypt"),
      e("GET", "v1.0/healthz", "healthz", "v1", "Healthz", HEALTH),
      e("GET", "v1.0/healthz/outbound", "healthz", "v1", "HealthzOutbound", HEALTH),
      e("GET", "v1.0/state/{storeName}/{key}", "state", "v1", "GetState"),
      e("POST,PUT", "v1.0/state/{storeName}", "state", "v1", "SaveState"),
      e("DELETE", "v1.0/state/{storeName}/{key}", "state", "v1", "DeleteState"),
      e("POST,PUT", "v1.0/state/{storeName}/bulk", "state", "v1", "GetBulkState"),
      e("POST,PUT", "v1.0/state/{storeName}/transaction", "state", "v1", "ExecuteStateTransaction"),
      e("POST,PUT", "v1.0-alpha1/state/{storeName}/query", "state", "v1alpha1", "QueryStateAlpha1"),
      e("POST,PUT", "v1.0/publish/{pubsubname}/*", "publish", "v1", "PublishEvent"),
      e("POST,PUT", "v1.0-alpha1/publish/bulk/{pubsubname}/*", "publish", "v1alpha1", "BulkPublishEvent"),
      e("POST,PUT", "v1.0/publish/bulk/{pubsubname}/*", "publish", "v1", "BulkPublishEvent"),
      e("POST,PUT", "v1.0/bindings/{name}", "bindings", "v1", "InvokeBinding"),
      e("GET", "v1.0-alpha1/configuration/{storeName}", "configuration", "v1alpha1", "GetConfiguration"),
      e("GET", "v1.0/configuration/{storeName}", "configuration", "v1", "GetConfiguration"),
      e("GET", "v1.0-alpha1/configuration/{storeName}/subscribe", "configuration", "v1alpha1", "SubscribeConfiguration"),
      e("GET", "v1.0/configuration/{storeName}/subscribe", "configuration", "v1", "SubscribeConfiguration"),
      e("GET", "v1.0-alpha1/configuration/{storeName}/{configurationSubscribeID}/unsubscribe", "configuration", "v1alpha1", "UnsubscribeConfiguration"),
      e("GET", "v1.0/configuration/{storeName}/{configurationSubscribeID}/unsubscribe", "configuration", "v1", "UnsubscribeConfiguration"),
      e("POST", "v1.0-alpha1/jobs/{name}", "jobs", "v1alpha1", "ScheduleJob"),
      e("DELETE", "v1.0-alpha1/jobs/{name}", "jobs", "v1alpha1", "DeleteJob"),
      e("GET", "v1.0-alpha1/jobs/{name}", "jobs", "v1alpha1", "GetJob"),
      e("POST", "v1.0/jobs/{name}", "jobs", "v1", "ScheduleJob"),
      e("DELETE", "v1.0/jobs/{name}", "jobs", "v1", "DeleteJob"),
      e("GET", "v1.0/jobs/{name}", "jobs", "v1", "GetJob"),
      e("POST", "v1.0-alpha1/lock/{storeName}", "lock", "v1alpha1", "TryLock"),
      e("POST", "v1.0-alpha1/unlock/{storeName}", "unlock", "v1alpha1", "Unlock"),
      e("GET", "v1.0/metadata", "metadata", "v1", "GetMetadata"),
      e("PUT", "v1.0/metadata/{key}", "metadata", "v1", "PutMetadata"),
      e("GET", "v1.0/secrets/{secretStoreName}/bulk", "secrets", "v1", "GetBulkSecret"),
      e("GET", "v1.0/secrets/{secretStoreName}/{key}", "secrets", "v1", "GetSecret"),
      e("POST", "v1.0/shutdown", "shutdown", "v1", "Shutdown"),
      e("POST", "v1.0-alpha1/subtlecrypto/{name}/getkey", "subtlecrypto", "v1alpha1", "SubtleGetKey"),
      e("POST", "v1.0-alpha1/subtlecrypto/{name}/encrypt", "subtlecrypto", "v1alpha1", "SubtleEncrypt"),
      e("POST", "v1.0-alpha1/subtlecrypto/{name}/decrypt", "subtlecrypto", "v1alpha1", "SubtleDecrypt"),
      e("POST", "v1.0-alpha1/subtlecrypto/{name}/wrapkey", "subtlecrypto", "v1alpha1", "SubtleWrapKey"),
      e("POST", "v1.0-alpha1/subtlecrypto/{name}/unwrapkey", "subtlecrypto", "v1alpha1", "SubtleUnwrapKey"),
      e("POST", "v1.0-alpha1/subtlecrypto/{name}/sign", "subtlecrypto", "v1alpha1", "SubtleSign"),
      e("POST", "v1.0-alpha1/subtlecrypto/{name}/verify", "subtlecrypto", "v1alpha1", "SubtleVerify"),
      e("GET", "v1.0-alpha1/workflows/{workflowComponent}/{instanceID}", "workflows", "v1alpha1", "GetWorkflow"),
      e("GET", "v1.0-beta1/workflows/{workflowComponent}/{instanceID}", "workflows", "v1beta1", "GetWorkflow"),
      e("GET", "v1.0/workflows/{workflowComponent}/{instanceID}", "workflows", "v1", "GetWorkflow"),
      e("POST", "v1.0-alpha1/workflows/{workflowComponent}/{instanceID}/raiseEvent/{eventName}", "workflows", "v1alpha1", "RaiseEventWorkflow"),
      e("POST", "v1.0-beta1/workflows/{workflowComponent}/{instanceID}/raiseEvent/{eventName}", "workflows", "v1beta1", "RaiseEventWorkflow"),
      e("POST", "v1.0/workflows/{workflowComponent}/{instanceID}/raiseEvent/{eventName}", "workflows", "v1", "RaiseEventWorkflow"),
      e("POST", "v1.0-alpha1/workflows/{workflowComponent}/{workflowName}/start", "workflows", "v1alpha1", "StartWorkflow"),
      e("POST", "v1.0-beta1/workflows/{workflowComponent}/{workflowName}/start", "workflows", "v1beta1", "StartWorkflow"),
      e("POST", "v1.0/workflows/{workflowComponent}/{workflowName}/start", "workflows", "v1", "StartWorkflow"),
      e("POST", "v1.0-alpha1/workflows/{workflowComponent}/{instanceID}/pause", "workflows", "v1alpha1", "PauseWorkflow"),
      e("POST", "v1.0-beta1/workflows/{workflowComponent}/{instanceID}/pause", "workflows", "v1beta1", "PauseWorkflow"),
      e("POST", "v1.0/workflows/{workflowComponent}/{instanceID}/pause", "workflows", "v1", "PauseWorkflow"),
      e("POST", "v1.0-alpha1/workflows/{workflowComponent}/{instanceID}/resume", "workflows", "v1alpha1", "ResumeWorkflow"),
      e("POST", "v1.0-beta1/workflows/{workflowComponent}/{instanceID}/resume", "workflows", "v1beta1", "ResumeWorkflow"),
      e("POST", "v1.0/workflows/{workflowComponent}/{instanceID}/resume", "workflows", "v1", "ResumeWorkflow"),
      e("POST", "v1.0-alpha1/workflows/{workflowComponent}/{instanceID}/terminate", "workflows", "v1alpha1", "TerminateWorkflow"),
      e("POST", "v1.0-beta1/workflows/{workflowComponent}/{instanceID}/terminate", "workflows", "v1beta1", "TerminateWorkflow"),
      e("POST", "v1.0/workflows/{workflowComponent}/{instanceID}/terminate", "workflows", "v1", "TerminateWorkflow"),
      e("POST", "v1.0-alpha1/workflows/{workflowComponent}/{instanceID}/purge", "workflows", "v1alpha1", "PurgeWorkflow"),
      e("POST", "v1.0-beta1/workflows/{workflowComponent}/{instanceID}/purge", "workflows", "v1beta1", "PurgeWorkflow"),
      e("POST", "v1.0/workflows/{workflowComponent}/{instanceID}/purge", "workflows", "v1", "PurgeWorkflow"));

  private HttpEndpoints() {
  }

  private static Endpoint e(String methods, String route, String group, String groupVersion, String name) {
    return e(methods, route, group, groupVersion, name, false);
  }

  private static Endpoint e(String methods, String route, String group, String groupVersion, String name,
      boolean health) {
    return new Endpoint(Set.of(methods.split(",")), route, group, groupVersion, name, health);
  }

  /** Every endpoint but the fallback. */
  public static List<Endpoint> all() {
    return ENDPOINTS;
  }

  /**
   * The endpoint that takes {@code method} on {@code path} among {@code endpoints}, or {@code null} when none
   * does.
   *
   * @param path the request's path, e.g. {@code /v1.0/state/store/key}
   */
  public static Endpoint match(String method, String path, List<Endpoint> endpoints) {
    String[] segments = segments(path);
    Endpoint best = null;
    int[] bestScore = null;
    for (Endpoint e : endpoints) {
      if (!e.methods().contains(method)) {
        continue;
      }
      int[] score = e.score(segments);
      if (score != null && (bestScore == null || Arrays.compare(score, bestScore) > 0)) {
        best = e;
        bestScore = score;
      }
    }
    return best;
  }

  /** Whether some endpoint of {@code endpoints} takes {@code path} with any method. */
  public static boolean pathMatches(String path, List<Endpoint> endpoints) {
    String[] segments = segments(path);
    return endpoints.stream().anyMatch(e -> e.score(segments) != null);
  }

  private static String[] segments(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.split("/", -1);
  }

  /** The endpoints {@code access} lets the HTTP server serve, as daprd registers them. */
  public static List<Endpoint> allowed(ApiAccess access) {
    List<ApiAccess.Rule> allowed = access.allowed("http");
    List<ApiAccess.Rule> denied = access.denied("http");
    List<Endpoint> out = new ArrayList<>();
    for (Endpoint e : ENDPOINTS) {
      if (e.isAllowed(allowed, denied)) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * One endpoint.
   *
   * @param methods the HTTP methods it takes; empty: any
   * @param route its path pattern without the leading slash: {@code {name}} is one segment, a final {@code *} the
   *     rest
   * @param group the API group's name, e.g. {@code state}
   * @param groupVersion the API group's version, e.g. {@code v1alpha1}
   * @param name daprd's name of the endpoint, e.g. {@code GetState}
   * @param healthCheck whether it is one of the health routes (always served; API logging may leave it out)
   */
  public record Endpoint(Set<String> methods, String route, String group, String groupVersion, String name,
      boolean healthCheck) {

    /**
     * Whether the lists let the endpoint be served: the health routes always are; a denied one is not; with an allow
     * list, only a listed one is. A rule names an endpoint by its group ({@code v1/state}) or, as daprd's older rules
     * do, by a prefix of its versioned route ({@code v1.0/state}).
     */
    public boolean isAllowed(List<ApiAccess.Rule> allowed, List<ApiAccess.Rule> denied) {
      if (healthCheck) {
        return true;
      }
      if (!denied.isEmpty() && matchesAny(denied)) {
        return false;
      }
      return allowed.isEmpty() || matchesAny(allowed);
    }

    private boolean matchesAny(List<ApiAccess.Rule> rules) {
      for (ApiAccess.Rule r : rules) {
        String key = r.version() + "/" + r.name();
        if (key.equals(groupVersion + "/" + group) || route.startsWith(key)) {
          return true;
        }
      }
      return false;
    }

    /** How well the route takes {@code segments} (larger is more specific), or {@code null} when it does not. */
    int[] score(String[] segments) {
      String[] pattern = route.split("/");
      int[] score = new int[Math.max(pattern.length, segments.length)];
      for (int i = 0; i < pattern.length; i++) {
        String p = pattern[i];
        if (p.equals("*") && i == pattern.length - 1) {
          return segments.length >= pattern.length - 1 ? score : null;
        }
        if (i >= segments.length) {
          return null;
        }
        if (p.startsWith("{")) {
          if (segments[i].isEmpty()) {
            return null;
          }
          score[i] = 1;
        } else if (p.equals(segments[i])) {
          score[i] = 2;
        } else {
          return null;
        }
      }
      return segments.length == pattern.length ? score : null;
    }
  }
}
