package io.jdaprd.core.health;

import io.jdaprd.errors.factories.HealthErrors;

/** The health API: {@code healthz} (everything ready) and {@code healthz/outbound} (components loaded). */
public final class HealthBlock {
  /** The target the runtime marks ready once components are loaded. */
  public static final String RUNTIME = "runtime";
  /** The target of the HTTP API server. */
  public static final String HTTP_SERVER = "http-api-server";
  /** The target of the gRPC API server. */
  public static final String GRPC_SERVER = "grpc-api-server";
  /**
   * The target of the internal gRPC server (sidecar to sidecar), ready once it listens and name resolution knows
   * it: as daprd, {@code healthz} answers 204 only when other sidecars can reach this one.
   */
  public static final String INTERNAL_SERVER = "grpc-internal-server";

  private final String appId;
  private final Readiness inbound;
  private final Readiness outbound;

  /**
   * @param inbound what {@code healthz} waits for
   * @param outbound what {@code healthz/outbound} waits for
   */
  public HealthBlock(String appId, Readiness inbound, Readiness outbound) {
    this.appId = appId;
    this.inbound = inbound;
    this.outbound = outbound;
  }

  /**
   * Answers {@code healthz}; returns normally when ready.
   *
   * @param appIdParam the {@code appid} query parameter, or {@code null}
   */
  public void healthz(String appIdParam) {
    if (!inbound.isReady()) {
      throw HealthErrors.notReady(inbound.pending());
    }
    if (appIdParam != null && !appIdParam.isEmpty() && !appIdParam.equals(appId)) {
      throw HealthErrors.appIdNotMatch();
    }
  }

  /** Answers {@code healthz/outbound}; returns normally when components are usable. */
  public void outbound() {
    if (!outbound.isReady()) {
      throw HealthErrors.outboundNotReady();
    }
  }
}
