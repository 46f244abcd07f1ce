package io.jdaprd.core.invoke;

/**
 * How service invocation reaches other sidecars and external services and guards this one's app: built by the
 * server from the name resolver, the internal gRPC client, the HTTP endpoint channels, the access-control policy
 * and the app's health.
 *
 * @param resolver finds a sidecar of an app id
 * @param remote calls another sidecar
 * @param gate what a call from another sidecar must pass
 * @param forwarding this host's address and name, for the proxy headers
 * @param external calls URLs and {@code HTTPEndpoint}s
 */
public record InvocationPeers(TargetResolver resolver, RemoteSidecars remote, LocalCallGate gate,
    Forwarding forwarding, ExternalInvoker external) {

  /** No peers: other app ids cannot be resolved, and every call from another sidecar passes. */
  public static final InvocationPeers NONE = new InvocationPeers(TargetResolver.NONE, (address, appId, namespace, request) -> {
    throw RemoteCallException.status(io.jdaprd.errors.factories.CauseCode.UNAVAILABLE, "no remote sidecars");
  }, LocalCallGate.OPEN, Forwarding.NONE);

  /** Peers without external channels ({@link ExternalInvoker#NONE}). */
  public InvocationPeers(TargetResolver resolver, RemoteSidecars remote, LocalCallGate gate, Forwarding forwarding) {
    this(resolver, remote, gate, forwarding, ExternalInvoker.NONE);
  }

  /** These peers with {@code externalInvoker} in place of this one's. */
  public InvocationPeers withExternal(ExternalInvoker externalInvoker) {
    return new InvocationPeers(resolver, remote, gate, forwarding, externalInvoker);
  }
}
