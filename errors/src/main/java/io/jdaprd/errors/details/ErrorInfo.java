package io.jdaprd.errors.details;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code google.rpc.ErrorInfo}: why the error happened. {@code metadata} is {@code null} when daprd's map is nil
 * (HTTP renders {@code "metadata":null}) and a map otherwise, even an empty one (HTTP renders {@code {}}).
 */
public record ErrorInfo(String reason, String domain, Map<String, String> metadata) implements ErrorDetail {
  /** The domain of every error daprd raises itself. */
  public static final String DAPR_DOMAIN = "dapr.io";

  public ErrorInfo {
    reason = reason == null ? "" : reason;
    domain = domain == null ? "" : domain;
    metadata = metadata == null ? null : Collections.unmodifiableMap(new TreeMap<>(metadata));
  }

  /** An ErrorInfo in daprd's domain. */
  public static ErrorInfo dapr(String reason, Map<String, String> metadata) {
    return new ErrorInfo(reason, DAPR_DOMAIN, metadata);
  }

  @Override
  public String typeName() {
    return "ErrorInfo";
  }
}
