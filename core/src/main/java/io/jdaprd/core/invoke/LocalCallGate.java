package io.jdaprd.core.invoke;

/**
 * What a call from another sidecar must pass before it reaches the app: the access-control policy
 * ({@code spec.accessControl}) and the app's health.
 */
@FunctionalInterface
public interface LocalCallGate {

  /** Lets every call through. */
  LocalCallGate OPEN = (caller, request) -> {
  };

  /**
   * Checks one call.
   *
   * @param callerSpiffeId the caller's verified SPIFFE id, {@code null} without mTLS
   * @param request the call, its method already normalised
   * @throws RemoteCallException with {@code PermissionDenied} (policy) or {@code Internal} (app unhealthy) and
   *     daprd's message
   */
  void check(String callerSpiffeId, InvokeRequest request) throws RemoteCallException;
}
