package io.jdaprd.core.invoke;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * daprd's conversions between HTTP headers and the internal metadata of an invocation
 * ({@code HTTPHeadersToInternalMetadata}, {@code InternalMetadataToHTTPHeader}).
 */
public final class InvokeHeaders {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
      "transfer-encoding", "upgrade", "http2-settings", "te", "trailer", "proxy-authorization",
      "proxy-authenticate");

  private InvokeHeaders() {
  }

  /** Go's {@code http.CanonicalHeaderKey}: {@code content-type} becomes {@code Content-Type}. */
  public static String canonical(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean token = c == '-' || c == '!' || c == '#' || c == '$' || c == '%' || c == '&' || c == '\''
          || c == '*' || c == '+' || c == '.' || c == '^' || c == '_' || c == '`' || c == '|' || c == '~'
          || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!token) {
        return key;
      }
    }
    StringBuilder out = new StringBuilder(key.length());
    boolean upper = true;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return out.toString();
  }

  /**
   * Writes {@code metadata} as HTTP headers through {@code add}, leaving out what daprd leaves out: content type
   * and length (set from the message), {@code *-bin} keys, hop-by-hop headers and those the {@code Connection}
   * header names, {@code destination-app-id}; gRPC's reserved keys ({@code :path}, {@code grpc-*}) get the
   * {@code dapr-} prefix. Trace headers pass unchanged (this runtime starts no spans of its own).
   */
  public static void toHttp(Map<String, List<String>> metadata, BiConsumer<String, String> add) {
    Set<String> nominated = new HashSet<>();
    metadata.forEach((k, values) -> {
      if (k.equalsIgnoreCase("connection")) {
        for (String v : values) {
          for (String token : v.split(",")) {
            if (!token.isBlank()) {
              nominated.add(token.trim().toLowerCase(Locale.ROOT));
            }
          }
        }
      }
    });
    metadata.forEach((k, values) -> {
      if (values.isEmpty()) {
        return;
      }
      String key = k.toLowerCase(Locale.ROOT);
      if (key.equals(InvokeBlock.DESTINATION_APP_ID) || key.endsWith("-bin") || key.equals("content-type")
          || key.equals("content-length") || HOP_BY_HOP.contains(key) || nominated.contains(key)) {
        return;
      }
      String name = reservedToDaprPrefix(key);
      for (String v : values) {
        add.accept(name, v);
      }
    });
  }

  /** {@code :method}, {@code :scheme}, {@code :path}, {@code :authority} and {@code grpc-*} get {@code dapr-}. */
  static String reservedToDaprPrefix(String key) {
    if (key.equals(":method") || key.equals(":scheme") || key.equals(":path") || key.equals(":authority")) {
      return "dapr-" + key.substring(1);
    }
    return key.startsWith("grpc-") ? "dapr-" + key : key;
  }
}
