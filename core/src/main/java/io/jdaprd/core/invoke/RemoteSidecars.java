package io.jdaprd.core.invoke;

/** Calls another app's sidecar over daprd's internal gRPC API ({@code ServiceInvocation}). */
public interface RemoteSidecars {

  /**
   * Sends {@code request} to the sidecar at {@code address} ({@code host:port}): {@code CallLocalStream}, and
   * {@code CallLocal} when the callee answers {@code Unimplemented} and the request can be sent again. The response
   * body streams; the caller closes it.
   *
   * @param appId the target app id, without namespace
   * @param namespace the target's namespace; with mTLS the sidecar at {@code address} must present the SPIFFE ID
   *     path {@code /ns/<namespace>/<appId>}
   * @throws RemoteCallException when the call fails or the callee answers an error status
   */
  InvokeResponse invoke(String address, String appId, String namespace, InvokeRequest request)
      throws RemoteCallException;
}
