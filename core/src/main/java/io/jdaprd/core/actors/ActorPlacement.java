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
