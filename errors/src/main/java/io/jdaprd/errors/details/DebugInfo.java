package io.jdaprd.errors.details;

import java.util.List;

/**
 * {@code google.rpc.DebugInfo}. jdaprd never sends one (no internals reach a client); the type exists so that a
 * client parsing another server's error keeps it.
 */
public record DebugInfo(List<String> stackEntries, String detail) implements ErrorDetail {

  public DebugInfo {
    stackEntries = stackEntries == null ? null : List.copyOf(stackEntries);
    detail = detail == null ? "" : detail;
  }

  @Override
  public String typeName() {
    return "DebugInfo";
  }
}
