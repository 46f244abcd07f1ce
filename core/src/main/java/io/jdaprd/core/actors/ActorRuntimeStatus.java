package io.jdaprd.core.actors;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code actorRuntime} section of the metadata, with daprd's values in each state:
 *
 * <ul>
 *   <li>nothing can be placed (no placement service and no hosted type): {@code DISABLED}, host not ready,
 *       placement {@code "placement: disconnected"};
 *   <li>the app's actor configuration not read yet, or, with a placement service, a gRPC app's callback stream
 *       ended and no new one registered yet: {@code INITIALIZING}, no placement text;
 *   <li>placement reachable (the placement service, or this sidecar hosting its app's types itself):
 *       {@code RUNNING}, the active actors per hosted type (0 included), host ready when placement is connected,
 *       and placement's text ({@code "placement: connected"} or {@code "placement: disconnected"}).
 * </ul>
 *
 * @param status {@code DISABLED}, {@code INITIALIZING} or {@code RUNNING} (the names of daprd's enum)
 * @param activeActors the number of active actors per hosted type, sorted by type
 * @param hostReady whether this host takes actor calls
 * @param placement the placement text, empty for none
 */
public record ActorRuntimeStatus(String status, Map<String, Integer> activeActors, boolean hostReady,
    String placement) {
  /** daprd's text for a sidecar without a placement connection. */
  public static final String DISCONNECTED = "placement: disconnected";
  /** daprd's text for a sidecar whose placement tables are current. */
  public static final String CONNECTED = "placement: connected";
  /** The status of a sidecar without actors. */
  public static final ActorRuntimeStatus DISABLED = new ActorRuntimeStatus("DISABLED", Map.of(), false,
      DISCONNECTED);

  public ActorRuntimeStatus {
    activeActors = java.util.Collections.unmodifiableMap(new TreeMap<>(activeActors));
  }
}
