package io.jdaprd.core.invoke;

import io.jdaprd.core.Transport;
import io.jdaprd.errors.factories.CauseCode;
import io.jdaprd.errors.factories.InvokeErrors;

/**
 * Service invocation. There is no app channel for invocation yet, so every call fails as daprd's does without one:
 * {@code app channel is not initialized} for this app's own id, {@code couldn't find service} for any other.
 */
public final class InvokeBlock {
  private final String appId;

  /** The block of the sidecar whose app id is {@code appId}. */
  public InvokeBlock(String appId) {
    this.appId = appId == null ? "" : appId;
  }

  /**
   * Invokes a method of {@code targetAppId}.
   *
   * @param targetAppId over HTTP the id from the path or the {@code dapr-app-id} header ({@code null} when neither
   *     names one: daprd's no-app-id error); over gRPC the request's id, as it is
   */
  public void invoke(String targetAppId, Transport transport) {
    if (transport == Transport.HTTP && (targetAppId == null || targetAppId.isEmpty())) {
      throw InvokeErrors.noAppId();
    }
    String target = targetAppId == null ? "" : targetAppId;
    String cause = target.equals(appId) ? "app channel is not initialized" : "couldn't find service: " + target;
    throw InvokeErrors.failed(target, cause, CauseCode.INTERNAL);
  }
}
