package io.jdaprd.core.actors;

import java.util.Set;

/**
 * Which host owns an actor. The one seam between the actor runtime and placement: {@link SelfPlacement} places
 * this app's types on this sidecar; a placement-service client (Dapr's {@code ReportDaprStatus} tables) implements
 * the same interface, and a remote owner is then called over the internal API ({@code CallActor}).
 */
public interface ActorPlacement {

  /**
   * Whether actors can be placed at all: {@code false} is daprd's runtime without placement, where every actor API
   * answers {@code ERR_ACTOR_NO_PLACEMENT}.
   */
  boolean available();

  /**
   * The owner of {@code actorType/actorId}, or empty when no host is known for the type (daprd's
   * {@code ERR_ACTOR_NO_ADDRESS}).
   */
  java.util.Optional<Owner> lookup(String actorType, String actorId);

  /** Tells placement which types this sidecar hosts (after the app's configuration was read). */
  void hostedTypes(Set<String> actorTypes);

  /** Whether this sidecar's app hosts {@code actorType}. */
  boolean hosts(String actorType);

  /** The text of {@code actorRuntime.placement} in the metadata. */
  String describe();

  /**
   * Whether this sidecar owns {@code actorType/actorId} under the tables installed now, without waiting: {@code false}
   * while a dissemination round holds the type or no tables are installed. A local call checks it again after it
   * counted itself in flight, so that a rebalancing round either waits for the call or the call looks up again.
   */
  default boolean ownsNow(String actorType, String actorId) {
    return !held(actorType) && current(actorType, actorId).map(Owner::local).orElse(false);
  }

  /** The owner under the tables installed now, without waiting, even while a round holds the type. */
  default java.util.Optional<Owner> current(String actorType, String actorId) {
    return lookup(actorType, actorId);
  }

  /** Whether a dissemination round in progress holds {@code actorType} (its lookups wait). */
  default boolean held(String actorType) {
    return false;
  }

  /**
   * Whether the tables change while the sidecar runs (a placement service): a lookup that found no host is then
   * retried, as daprd's router retries it.
   */
  default boolean changes() {
    return false;
  }

  /** Registers what the runtime does when tables change or placement is lost; at most one listener. */
  default void listen(Listener listener) {
  }

  /** The actor runtime's side of a placement round. */
  interface Listener {
    /**
     * New tables are installed and lookups of {@code changedTypes} wait until the round ends: the runtime drains
     * and deactivates the actors this sidecar no longer owns before it returns (the round waits for it).
     */
    void rebalanced(Set<String> changedTypes);

    /** The connection to placement ended: every actor of this sidecar is deactivated, as daprd halts them. */
    void disconnected();
  }

  /**
   * The host of an actor.
   *
   * @param local whether it is this sidecar
   * @param address the owner's internal address ({@code host:port}), empty when local
   * @param appId the owner's app id
   */
  record Owner(boolean local, String address, String appId) {
    /** This sidecar. */
    public static Owner self(String appId) {
      return new Owner(true, "", appId);
    }
  }
}
