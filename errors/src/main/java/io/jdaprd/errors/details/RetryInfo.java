package io.jdaprd.errors.details;

import java.time.Duration;

/** {@code google.rpc.RetryInfo}: when to retry. {@code retryDelay} may be {@code null}. */
public record RetryInfo(Duration retryDelay) implements ErrorDetail {
  @Override
  public String typeName() {
    return "RetryInfo";
  }
}
