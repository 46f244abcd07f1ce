package io.jdaprd.server;

import io.jdaprd.core.invoke.Forwarding;
import io.jdaprd.core.invoke.InvocationPeers;
import io.jdaprd.core.invoke.LocalCallGate;
import io.jdaprd.core.invoke.TargetResolver;
import io.jdaprd.messaging.InternalClient;
import java.util.Map;

/**
 * Service invocation's ties to other sidecars: the internal gRPC client, the name resolution (registered once the
 * internal port is known) and this host's address for the proxy headers.
 */
final class Invocation implements AutoCloseable {
  private final Settings settings;
  private final String hostAddress;
  private final InternalClient client;
  private volatile TargetResolver resolver = TargetResolver.NONE;

  Invocation(Settings settings, Map<String, String> env) {
    this.settings = settings;
    this.hostAddress = HostAddress.of(env, settings.internalGrpcListenAddress());
    this.client = new InternalClient(settings.api().maxBodySize());
  }

  /** The peers the invoke block uses; the resolver answers once {@link #register} has run. */
  InvocationPeers peers() {
    return new InvocationPeers((appId, namespace) -> resolver.resolve(appId, namespace), client, LocalCallGate.OPEN,
        new Forwarding(hostAddress, HostAddress.hostName()));
  }

  /** Registers this sidecar with the name resolver, advertising {@code internalPort}. */
  void register(int internalPort, int httpPort) {
    // Name resolution components are wired in by the name-resolution change.
  }

  @Override
  public void close() {
    client.close();
  }
}
