package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import java.util.Collection;

/** Errors of the health endpoints (HTTP only: the Dapr API has no gRPC health check). */
public final class HealthErrors {
  private HealthErrors() {
  }

  /** Not ready; {@code notReady} names the targets that are not ready yet, printed as Go prints a slice. */
  public static DaprException notReady(Collection<String> notReady) {
    return Errors.of(ErrorCode.HEALTH_NOT_READY, notReady);
  }

  /** {@code /v1.0/healthz?appid=X} asked for another app. */
  public static DaprException appIdNotMatch() {
    return Errors.of(ErrorCode.HEALTH_APPID_NOT_MATCH);
  }

  /** Components and actors are not loaded yet. */
  public static DaprException outboundNotReady() {
    return Errors.of(ErrorCode.OUTBOUND_HEALTH_NOT_READY);
  }
}
