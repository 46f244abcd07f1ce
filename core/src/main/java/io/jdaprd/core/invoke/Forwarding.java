package io.jdaprd.core.invoke;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The proxy headers daprd adds to every call to another sidecar: {@code X-Forwarded-For} (this host's address),
 * {@code X-Forwarded-Host} (its name) and {@code Forwarded: for=..;by=..;host=..} (RFC 7239; IPv6 quoted and in
 * brackets).
 *
 * @param hostAddress this host's address, empty when unknown
 * @param hostName this host's name, empty when unknown
 */
public record Forwarding(String hostAddress, String hostName) {
  /** No host facts: only an empty {@code Forwarded} header is added, as daprd does. */
  public static final Forwarding NONE = new Forwarding("", "");

  /** Appends the headers to {@code metadata}, after any values it already has. */
  void addTo(Map<String, List<String>> metadata) {
    StringBuilder forwarded = new StringBuilder();
    if (!hostAddress.isEmpty()) {
      append(metadata, "X-Forwarded-For", hostAddress);
      String fwd = hostAddress.contains(":") ? "\"[" + hostAddress + "]\"" : hostAddress;
      forwarded.append("for=").append(fwd).append(";by=").append(fwd);
    }
    if (!hostName.isEmpty()) {
      append(metadata, "X-Forwarded-Host", hostName);
      if (!forwarded.isEmpty()) {
        forwarded.append(';');
      }
      forwarded.append("host=").append(hostName);
    }
    append(metadata, "Forwarded", forwarded.toString());
  }

  private static void append(Map<String, List<String>> metadata, String key, String value) {
    List<String> values = new ArrayList<>(metadata.getOrDefault(key, List.of()));
    values.add(value);
    metadata.put(key, values);
  }
}
