package io.jdaprd.core.actors;

import java.util.Optional;
import java.util.Set;

/**
 * jdaprd's self-placement (beyond daprd, which refuses actors without {@code --placement-host-address}): the types
 * this sidecar's app hosts are all placed here. Until the app reported a type, every lookup is
 * {@code ERR_ACTOR_NO_PLACEMENT}, as daprd without placement; once it did, other types are
 * {@code ERR_ACTOR_NO_ADDRESS}, as daprd's table answers for a type no host registered.
 */
public final class SelfPlacement implements ActorPlacement {
  private final String appId;
  private volatile Set<String> hosted = Set.of();

  /** Self-placement for the app {@code appId}. */
  public SelfPlacement(String appId) {
    this.appId = appId;
  }

  @Override
  public boolean available() {
    return !hosted.isEmpty();
  }

  @Override
  public Optional<Owner> lookup(String actorType, String actorId) {
    return hosted.contains(actorType) ? Optional.of(Owner.self(appId)) : Optional.empty();
  }

  @Override
  public void hostedTypes(Set<String> actorTypes) {
    hosted = Set.copyOf(actorTypes);
  }

  @Override
  public boolean hosts(String actorType) {
    return hosted.contains(actorType);
  }

  /**
   * daprd's {@code "placement: connected"} once this sidecar hosts its types (its own placement is always current;
   * tools that wait for actors compare this text), {@code "placement: disconnected"} before.
   */
  @Override
  public String describe() {
    return hosted.isEmpty() ? ActorRuntimeStatus.DISCONNECTED : ActorRuntimeStatus.CONNECTED;
  }
}
