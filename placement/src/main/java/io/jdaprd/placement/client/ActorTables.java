package io.jdaprd.placement.client;

import io.jdaprd.placement.hashing.ActorHost;
import io.jdaprd.placement.hashing.HashRing;
import io.jdaprd.placement.hashing.VirtualNodeCache;
import io.jdaprd.proto.placement.v1.Host;
import io.jdaprd.proto.placement.v1.PlacementTable;
import io.jdaprd.proto.placement.v1.PlacementTables;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One version of a namespace's placement tables as a sidecar holds them: per actor type, the ring of its hosts.
 * Immutable.
 *
 * @param version the round version the tables came with
 * @param rings per actor type, its ring
 */
public record ActorTables(long version, Map<String, HashRing> rings) {
  /** No tables yet. */
  public static final ActorTables EMPTY = new ActorTables(0, Map.of());

  /** Builds the rings of {@code tables} as daprd's sidecar does (the ring of each type keyed by host address). */
  public static ActorTables of(PlacementTables tables, long version, VirtualNodeCache cache) {
    int factor = (int) tables.getReplicationFactor();
    Map<String, HashRing> rings = new LinkedHashMap<>();
    for (Map.Entry<String, PlacementTable> e : tables.getEntriesMap().entrySet()) {
      Map<String, ActorHost> hosts = new HashMap<>();
      for (Map.Entry<String, Host> h : e.getValue().getLoadMapMap().entrySet()) {
        Host host = h.getValue();
        hosts.put(h.getKey(), new ActorHost(host.getName(), host.getId(), host.getPort()));
      }
      rings.put(e.getKey(), HashRing.of(hosts, factor, cache));
    }
    return new ActorTables(version, Map.copyOf(rings));
  }

  /**
   * The owner of actor {@code actorId} of type {@code actorType}: empty when no host serves the type (daprd then
   * answers ERR_ACTOR_NO_ADDRESS, "did not find address for actor").
   */
  public Optional<ActorHost> owner(String actorType, String actorId) {
    HashRing ring = rings.get(actorType);
    return ring == null ? Optional.empty() : ring.owner(actorId);
  }

  /** The actor types whose routing differs between {@code before} and this: added, removed or changed rings. */
  public Set<String> changedSince(ActorTables before) {
    Set<String> changed = new HashSet<>();
    rings.forEach((type, ring) -> {
      if (!ring.sameRouting(before.rings.get(type))) {
        changed.add(type);
      }
    });
    for (String type : before.rings.keySet()) {
      if (!rings.containsKey(type)) {
        changed.add(type);
      }
    }
    return changed;
  }
}
