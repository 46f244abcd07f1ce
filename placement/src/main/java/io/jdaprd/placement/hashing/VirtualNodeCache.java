package io.jdaprd.placement.hashing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Virtual node hashes per (replication factor, host address), computed once: hosts reappear in every table. */
public final class VirtualNodeCache {
  private final Map<Integer, Map<String, long[]>> byFactor = new ConcurrentHashMap<>();

  /** The virtual node hashes of {@code address}; callers must not modify the array. */
  public long[] hashes(String address, int replicationFactor) {
    return byFactor.computeIfAbsent(replicationFactor, f -> new ConcurrentHashMap<>())
        .computeIfAbsent(address, a -> PlacementHash.virtualNodes(a, replicationFactor));
  }
}
