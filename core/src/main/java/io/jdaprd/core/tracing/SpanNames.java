package io.jdaprd.core.tracing;

import java.util.Map;

/**
 * daprd's span names and the attributes its API groups add (its {@code AppendSpanAttributes} functions). An HTTP
 * API span is named after the URL path, except invocation ({@code CallLocal/<app>/<method>}) and actor method
 * calls ({@code CallActor/<type>/<method>}); a gRPC span after the full method
 * ({@code /dapr.proto.runtime.v1.Dapr/GetState}), except {@code InvokeService} and the internal
 * {@code CallLocal}/{@code CallLocalStream} ({@code CallLocal/<app>/<method>}) and {@code CallActor}; deliveries
 * are {@code pubsub/<topic>} and {@code bindings/<name>}.
 */
public final class SpanNames {
  /** OpenTelemetry semantic convention keys (v1.25) daprd uses. */
  public static final String DB_SYSTEM = "db.system";
  public static final String DB_NAME = "db.name";
  public static final String DB_STATEMENT = "db.statement";
  public static final String DB_CONNECTION_STRING = "db.connection_string";
  public static final String MESSAGING_SYSTEM = "messaging.system";
  public static final String MESSAGING_DESTINATION = "messaging.destination.name";
  public static final String RPC_SERVICE = "rpc.service";
  public static final String NET_PEER_NAME = "net.peer.name";
  /** daprd's own keys. */
  public static final String DAPR_API = "dapr.api";
  public static final String DAPR_STATUS_CODE = "dapr.status_code";
  public static final String DAPR_PROTOCOL = "dapr.protocol";
  public static final String DAPR_INVOKE_METHOD = "dapr.invoke_method";
  public static final String DAPR_ACTOR = "dapr.actor";

  private SpanNames() {
  }

  /** {@code pubsub/<topic>}: the span of a delivery to the app. */
  public static String pubsub(String topic) {
    return "pubsub/" + topic;
  }

  /** {@code bindings/<name>}: the span of an input binding event sent to the app. */
  public static String bindings(String name) {
    return "bindings/" + name;
  }

  /** {@code CallLocal/<app>/<method>}. */
  public static String callLocal(String appId, String method) {
    return "CallLocal/" + appId + "/" + method;
  }

  /** {@code CallActor/<type>/<method>}. */
  public static String callActor(String actorType, String method) {
    return "CallActor/" + actorType + "/" + method;
  }

  /**
   * The name of an HTTP API span and the attributes of its API group, added to {@code attributes}.
   *
   * @param method the HTTP method
   * @param path the request path (no query)
   * @param daprAppId the {@code dapr-app-id} header (invocation by header), or {@code null}
   */
  public static String http(String method, String path, String daprAppId, Map<String, String> attributes) {
    if (daprAppId != null && !daprAppId.isEmpty()) {
      String target = path.startsWith("/") ? path.substring(1) : path;
      return invocation(daprAppId, target, attributes);
    }
    String[] p = path.split("/", -1);
    if (p.length < 3 || !p[1].startsWith("v1.0")) {
      return path;
    }
    String api = p[2];
    switch (api) {
      case "invoke" -> {
        int m = path.indexOf("/method/");
        if (p.length >= 5 && m > 0) {
          return invocation(p[3], path.substring(m + "/method/".length()), attributes);
        }
      }
      case "actors" -> {
        if (p.length >= 7 && p[5].equals("method")) {
          attributes.put(DAPR_ACTOR, p[3] + "." + p[4]);
          attributes.put(RPC_SERVICE, "ServiceInvocation");
          attributes.put(NET_PEER_NAME, p[3] + "." + p[4]);
          return callActor(p[3], String.join("/", java.util.Arrays.copyOfRange(p, 6, p.length)));
        }
      }
      case "state", "bindings" -> {
        if (p.length >= 4) {
          String kind = api.equals("state") ? "state" : "bindings";
          attributes.put(DB_SYSTEM, kind);
          attributes.put(DB_CONNECTION_STRING, kind);
          attributes.put(DB_STATEMENT, method + " " + path);
          attributes.put(DB_NAME, p[3]);
        }
      }
      case "publish" -> {
        if (p.length >= 5) {
          attributes.put(MESSAGING_SYSTEM, "pubsub");
          attributes.put(MESSAGING_DESTINATION, String.join("/", java.util.Arrays.copyOfRange(p, 4, p.length)));
        }
      }
      default -> {
      }
    }
    return path;
  }

  private static String invocation(String appId, String method, Map<String, String> attributes) {
    attributes.put(RPC_SERVICE, "ServiceInvocation");
    attributes.put(NET_PEER_NAME, appId);
    return callLocal(appId, method);
  }
}
