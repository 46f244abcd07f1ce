package io.jdaprd.appchannel;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The headers (HTTP) or metadata (gRPC) that go with a delivery, from the message metadata and the CloudEvent's trace
 * context, as daprd sends them: keys in lower case; {@code content-type} and {@code content-length} never copied (the
 * body is the CloudEvent); on HTTP also no hop-by-hop header, no binary ({@code -bin}) metadata, and reserved gRPC
 * names moved under {@code dapr-} ({@code grpc-x} becomes {@code dapr-grpc-x}). The {@code traceparent} and
 * {@code tracestate} of the message metadata win over those of the CloudEvent ({@code traceparent}, else
 * {@code traceid}).
 */
final class EventHeaders {
  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";
  static final String GRPC_TRACE_BIN = "grpc-trace-bin";

  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
      "transfer-encoding", "upgrade", "http2-settings", "te", "trailer", "proxy-authorization", "proxy-authenticate");
  private static final Set<String> NEVER_COPIED = Set.of("content-type", "content-length");
  private static final Set<String> GRPC_RESERVED = Set.of("user-agent", "host", "te", "connection", "keep-alive",
      "proxy-connection", "transfer-encoding", "upgrade");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]+");
  private static final Pattern W3C_TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

  private EventHeaders() {
  }

  /** The HTTP headers of a delivery, by lower-case name. */
  static Map<String, String> http(Map<String, String> metadata, Map<String, Object> cloudEvent) {
    Set<String> nominated = connectionNominated(metadata);
    Map<String, String> headers = new LinkedHashMap<>();
    String traceparent = null;
    String tracestate = null;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (key.equals(TRACEPARENT)) {
        traceparent = e.getValue();
        continue;
      }
      if (key.equals(TRACESTATE)) {
        tracestate = e.getValue();
        continue;
      }
      if (key.equals("destination-app-id") || key.endsWith("-bin") || NEVER_COPIED.contains(key)
          || HOP_BY_HOP.contains(key) || nominated.contains(key) || e.getValue() == null) {
        continue;
      }
      String name = key.startsWith(":") ? "dapr-" + key.substring(1) : key.startsWith("grpc-") ? "dapr-" + key : key;
      if (TOKEN.matcher(name).matches() && validValue(e.getValue())) {
        headers.put(name, e.getValue());
      }
    }
    putTrace(headers, traceparent, tracestate, cloudEvent);
    return headers;
  }

  /** The gRPC metadata of a delivery (text keys only), by lower-case name. */
  static Map<String, String> grpc(Map<String, String> metadata, Map<String, Object> cloudEvent) {
    Map<String, String> headers = new LinkedHashMap<>();
    String traceparent = null;
    String tracestate = null;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (key.equals(TRACEPARENT)) {
        traceparent = e.getValue();
        continue;
      }
      if (key.equals(TRACESTATE)) {
        tracestate = e.getValue();
        continue;
      }
      if (NEVER_COPIED.contains(key) || GRPC_RESERVED.contains(key) || key.startsWith("grpc-")
          || key.endsWith("-bin") || !TOKEN.matcher(key).matches() || e.getValue() == null
          || !validValue(e.getValue())) {
        continue;
      }
      headers.put(key, e.getValue());
    }
    putTrace(headers, traceparent, tracestate, cloudEvent);
    return headers;
  }

  /**
   * The OpenCensus binary trace context ({@code grpc-trace-bin}) for a W3C {@code traceparent}, as daprd adds it to
   * gRPC calls; {@code null} when the traceparent is missing or not of version 00.
   */
  static byte[] grpcTraceBin(String traceparent) {
    if (traceparent == null) {
      return null;
    }
    var m = W3C_TRACEPARENT.matcher(traceparent.trim());
    if (!m.matches()) {
      return null;
    }
    HexFormat hex = HexFormat.of();
    byte[] out = new byte[29];
    out[0] = 0;
    out[1] = 0;
    System.arraycopy(hex.parseHex(m.group(1)), 0, out, 2, 16);
    out[18] = 1;
    System.arraycopy(hex.parseHex(m.group(2)), 0, out, 19, 8);
    out[27] = 2;
    out[28] = (byte) (hex.parseHex(m.group(3))[0] & 1);
    return out;
  }

  /** A string field of the CloudEvent, or {@code null}. */
  static String text(Map<String, Object> cloudEvent, String field) {
    return cloudEvent != null && cloudEvent.get(field) instanceof String s ? s : null;
  }

  private static void putTrace(Map<String, String> headers, String traceparent, String tracestate,
      Map<String, Object> cloudEvent) {
    if (traceparent == null || traceparent.isEmpty()) {
      traceparent = text(cloudEvent, TRACEPARENT);
      if (traceparent == null) {
        traceparent = text(cloudEvent, "traceid");
      }
      tracestate = text(cloudEvent, TRACESTATE);
    }
    if (traceparent != null && !traceparent.isEmpty() && validValue(traceparent)) {
      headers.put(TRACEPARENT, traceparent);
      if (tracestate != null && !tracestate.isEmpty() && validValue(tracestate)) {
        headers.put(TRACESTATE, tracestate);
      }
    }
  }

  private static Set<String> connectionNominated(Map<String, String> metadata) {
    Set<String> nominated = new HashSet<>();
    metadata.forEach((k, v) -> {
      if (k.equalsIgnoreCase("connection") && v != null) {
        for (String token : v.split(",")) {
          if (!token.isBlank()) {
            nominated.add(token.trim().toLowerCase(Locale.ROOT));
          }
        }
      }
    });
    return nominated;
  }

  private static boolean validValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
        return false;
      }
    }
    return true;
  }
}
