package io.jdaprd.server;

import io.jdaprd.core.actors.ActorPlacement;
import io.jdaprd.placement.client.PlacementClient;
import io.jdaprd.placement.hashing.ActorHost;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Actor placement through a placement service ({@code --placement-host-address}), as daprd's sidecar joins one: the
 * {@link PlacementClient} reports this sidecar (its internal address, app id, namespace and the app's actor types)
 * and follows the dissemination rounds; lookups are answered from the disseminated tables and wait while a round
 * holds the type or no connection has delivered tables yet (daprd blocks the same way). The actor runtime hears of
 * every round before it is acknowledged, so it drains and deactivates the actors that moved away first.
 */
final class ClusterPlacement implements ActorPlacement, AutoCloseable {
  /** daprd's default {@code --actors-disseminate-timeout}. */
  static final Duration DISSEMINATION_TIMEOUT = Duration.ofSeconds(30);

  private final PlacementClient client;
  private volatile Set<String> hosted = Set.of();
  private volatile boolean connected;
  private volatile Listener listener;

  /**
   * Joins the service at {@code addresses} as {@code hostAddress} (the internal API's {@code host:port}), reporting
   * no types until {@link #hostedTypes} is called.
   */
  ClusterPlacement(List<String> addresses, String hostAddress, String appId, String namespace) {
    this.client = PlacementClient.start(new PlacementClient.Options(addresses, hostAddress, appId, namespace,
        DISSEMINATION_TIMEOUT), List.of(), new PlacementClient.Listener() {
          @Override
          public void tablesUpdated(io.jdaprd.placement.client.ActorTables tables, Set<String> changedTypes) {
            connected = true;
            Listener l = listener;
            if (l != null) {
              l.rebalanced(changedTypes);
            }
          }

          @Override
          public void disconnected() {
            connected = false;
            Listener l = listener;
            if (l != null) {
              l.disconnected();
            }
          }
        });
  }

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public Optional<Owner> lookup(String actorType, String actorId) {
    try {
      return client.lookup(actorType, actorId).get().map(this::owner);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | java.util.concurrent.CancellationException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<Owner> current(String actorType, String actorId) {
    return connected ? client.tables().owner(actorType, actorId).map(this::owner) : Optional.empty();
  }

  private Owner owner(ActorHost host) {
    return new Owner(client.isLocal(host.address()), host.address(), host.appId());
  }

  @Override
  public boolean changes() {
    return true;
  }

  @Override
  public void listen(Listener runtime) {
    this.listener = runtime;
  }

  @Override
  public void hostedTypes(Set<String> actorTypes) {
    hosted = Set.copyOf(actorTypes);
    client.updateEntities(List.copyOf(new java.util.TreeSet<>(actorTypes)));
  }

  @Override
  public boolean hosts(String actorType) {
    return hosted.contains(actorType);
  }

  @Override
  public String describe() {
    return client.isReady() ? "placement: connected" : "placement: disconnected";
  }

  /** Leaves the placement service. */
  @Override
  public void close() {
    client.close();
  }
}
