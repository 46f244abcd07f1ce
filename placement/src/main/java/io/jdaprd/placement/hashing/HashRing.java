package io.jdaprd.placement.hashing;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * One actor type's ring, as daprd builds it from the placement tables: each host placed at
 * {@code replicationFactor} virtual nodes ({@link PlacementHash#virtualNodes}), sorted by unsigned hash; an actor
 * id belongs to the first virtual node at or after its hash, wrapping to the first node past the largest. Immutable
 * and thread-safe. daprd's sidecars look up with this plain rule (its bounded-load variant is not used for actors).
 */
public final class HashRing {
  private final Map<String, ActorHost> hosts;
  private final int replicationFactor;
  private final long[] sorted;
  private final String[] owners;

  private HashRing(Map<String, ActorHost> hosts, int replicationFactor, long[] sorted, String[] owners) {
    this.hosts = hosts;
    this.replicationFactor = replicationFactor;
    this.sorted = sorted;
    this.owners = owners;
  }

  /**
   * Builds the ring of {@code hosts} (keyed by address) with {@code replicationFactor} virtual nodes each; virtual
   * node hashes come from {@code cache} so rebuilding a table does not rehash known hosts.
   */
  public static HashRing of(Map<String, ActorHost> hosts, int replicationFactor, VirtualNodeCache cache) {
    int n = hosts.size() * replicationFactor;
    long[] hashes = new long[n];
    String[] names = new String[n];
    int i = 0;
    for (String address : hosts.keySet()) {
      for (long h : cache.hashes(address, replicationFactor)) {
        hashes[i] = h;
        names[i] = address;
        i++;
      }
    }
    Integer[] order = new Integer[n];
    for (int k = 0; k < n; k++) {
      order[k] = k;
    }
    // Ties (a 64-bit collision between two hosts' nodes) go to the smaller address, so every sidecar agrees.
    Arrays.sort(order, (a, b) -> {
      int c = Long.compareUnsigned(hashes[a], hashes[b]);
      return c != 0 ? c : names[a].compareTo(names[b]);
    });
    long[] sorted = new long[n];
    String[] owners = new String[n];
    for (int k = 0; k < n; k++) {
      sorted[k] = hashes[order[k]];
      owners[k] = names[order[k]];
    }
    return new HashRing(Map.copyOf(hosts), replicationFactor, sorted, owners);
  }

  /** The host owning {@code actorId}; empty when the ring has no host. */
  public Optional<ActorHost> owner(String actorId) {
    if (sorted.length == 0) {
      return Optional.empty();
    }
    return Optional.of(hosts.get(owners[index(PlacementHash.of(actorId))]));
  }

  /** The index of the first virtual node whose hash is at or after {@code hash} (unsigned), wrapping to 0. */
  private int index(long hash) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(sorted[mid], hash) >= 0) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo == sorted.length ? 0 : lo;
  }

  /** The hosts on the ring, keyed by address. */
  public Map<String, ActorHost> hosts() {
    return hosts;
  }

  /** Virtual nodes per host. */
  public int replicationFactor() {
    return replicationFactor;
  }

  /**
   * Whether {@code other} routes every actor id as this ring does: same replication factor and the same hosts
   * (address, app id, port), as daprd compares rings to find the actor types a new table changes.
   */
  public boolean sameRouting(HashRing other) {
    return other != null && replicationFactor == other.replicationFactor && hosts.equals(other.hosts);
  }
}
