package io.jdaprd.placement.server;

import io.jdaprd.proto.placement.v1.Host;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of daprd placement's {@code /placement/state} (its Go structs through encoding/json): per namespace the
 * hosts sorted by name and the table version; proto field names, zero values omitted, Go's HTML-safe escaping.
 */
final class StateJson {
  private StateJson() {
  }

  /** One namespace's state: its hosts (any order) and version. */
  record Namespace(List<Host> hosts, long version) {
  }

  @SuppressWarnings("deprecation") // load, pod and api_level are in daprd's JSON too
  static String render(Map<String, Namespace> namespaces) {
    StringBuilder out = new StringBuilder("{");
    if (!namespaces.isEmpty()) {
      out.append("\"tables\":{");
      boolean firstNs = true;
      for (Map.Entry<String, Namespace> ns : new TreeMap<>(namespaces).entrySet()) {
        if (!firstNs) {
          out.append(',');
        }
        firstNs = false;
        string(out, ns.getKey());
        out.append(":{");
        List<Host> hosts = ns.getValue().hosts().stream()
            .sorted((a, b) -> a.getName().compareTo(b.getName())).toList();
        boolean any = false;
        if (!hosts.isEmpty()) {
          out.append("\"hosts\":[");
          for (int i = 0; i < hosts.size(); i++) {
            if (i > 0) {
              out.append(',');
            }
            host(out, hosts.get(i));
          }
          out.append(']');
          any = true;
        }
        if (ns.getValue().version() != 0) {
          out.append(any ? "," : "").append("\"version\":").append(Long.toUnsignedString(ns.getValue().version()));
        }
        out.append('}');
      }
      out.append('}');
    }
    return out.append('}').toString();
  }

  @SuppressWarnings("deprecation")
  private static void host(StringBuilder out, Host h) {
    StringBuilder f = new StringBuilder();
    if (!h.getName().isEmpty()) {
      field(f, "name");
      string(f, h.getName());
    }
    if (h.getPort() != 0) {
      field(f, "port");
      f.append(h.getPort());
    }
    if (h.getLoad() != 0) {
      field(f, "load");
      f.append(h.getLoad());
    }
    if (h.getEntitiesCount() > 0) {
      field(f, "entities");
      f.append('[');
      for (int i = 0; i < h.getEntitiesCount(); i++) {
        if (i > 0) {
          f.append(',');
        }
        string(f, h.getEntities(i));
      }
      f.append(']');
    }
    if (!h.getId().isEmpty()) {
      field(f, "id");
      string(f, h.getId());
    }
    if (!h.getPod().isEmpty()) {
      field(f, "pod");
      string(f, h.getPod());
    }
    if (h.getApiLevel() != 0) {
      field(f, "api_level");
      f.append(Integer.toUnsignedString(h.getApiLevel()));
    }
    if (!h.getNamespace().isEmpty()) {
      field(f, "namespace");
      string(f, h.getNamespace());
    }
    if (h.getOperationValue() != 0) {
      field(f, "operation");
      f.append(h.getOperationValue());
    }
    if (h.hasVersion()) {
      field(f, "version");
      f.append(Long.toUnsignedString(h.getVersion()));
    }
    out.append('{').append(f).append('}');
  }

  private static void field(StringBuilder f, String name) {
    if (!f.isEmpty()) {
      f.append(',');
    }
    f.append('"').append(name).append("\":");
  }

  /** A JSON string as Go's encoding/json writes it (HTML-safe: <, >, & escaped; U+2028/2029 escaped). */
  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
