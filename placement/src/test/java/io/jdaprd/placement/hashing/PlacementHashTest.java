package io.jdaprd.placement.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden values of daprd's placement hashing. The virtual node vectors are the data of daprd's own test
 * (pkg/placement/hashing, TestGetAndSetVirtualNodeCacheHashes); the others follow from its description (first 8
 * bytes of BLAKE2b-512, little-endian) and the RFC 7693 test vector.
 */
class PlacementHashTest {

  @Test
  void virtualNodesAreThoseDaprdComputes() {
    assertThat(PlacementHash.virtualNodes("192.168.1.83:60992", 5)).containsExactly(
        Long.parseUnsignedLong("11414427053803968138"), Long.parseUnsignedLong("6110756290993384529"),
        Long.parseUnsignedLong("13876541546109691082"), Long.parseUnsignedLong("12165331075625862737"),
        Long.parseUnsignedLong("9528020266818944582"));
    assertThat(PlacementHash.virtualNodes("192.168.1.89:62362", 3)).containsExactly(
        Long.parseUnsignedLong("13384490355354205375"), Long.parseUnsignedLong("11281728843146723001"),
        Long.parseUnsignedLong("694935339057032644"));
  }

  @Test
  void hashIsTheLittleEndianPrefixOfBlake2b512() {
    // RFC 7693 appendix A: BLAKE2b-512("abc") starts BA 80 A5 3F 98 1C 4D 0D.
    assertThat(PlacementHash.of("abc")).isEqualTo(0x0D4D1C983FA580BAL);
  }

  @Test
  void ownerIsTheFirstVirtualNodeAtOrAfterTheHashWrapping() {
    Map<String, ActorHost> hosts = new LinkedHashMap<>();
    for (String h : List.of("10.0.0.1:50002", "10.0.0.2:50002", "10.0.0.3:50002")) {
      hosts.put(h, new ActorHost(h, "app", 0));
    }
    HashRing ring = HashRing.of(hosts, 100, new VirtualNodeCache());
    for (int i = 0; i < 200; i++) {
      String id = "actor-" + i;
      assertThat(ring.owner(id).orElseThrow().address()).isEqualTo(bruteForceOwner(hosts.keySet(), 100, id));
    }
  }

  @Test
  void removingAHostMovesOnlyItsActors() {
    Map<String, ActorHost> hosts = new HashMap<>();
    for (String h : List.of("node1", "node2", "node3", "node4", "node5")) {
      hosts.put(h, new ActorHost(h, h, 1));
    }
    VirtualNodeCache cache = new VirtualNodeCache();
    HashRing before = HashRing.of(hosts, 100, cache);
    hosts.remove("node3");
    HashRing after = HashRing.of(hosts, 100, cache);
    int moved = 0;
    for (int i = 0; i < 100; i++) {
      String was = before.owner(Integer.toString(i)).orElseThrow().address();
      String now = after.owner(Integer.toString(i)).orElseThrow().address();
      if (!was.equals("node3")) {
        assertThat(now).isEqualTo(was);
      } else {
        moved++;
      }
    }
    assertThat(moved).isPositive();
  }

  @Test
  void emptyRingOwnsNothingAndRoutingComparesHosts() {
    VirtualNodeCache cache = new VirtualNodeCache();
    assertThat(HashRing.of(Map.of(), 100, cache).owner("x")).isEmpty();
    HashRing a = HashRing.of(Map.of("h:1", new ActorHost("h:1", "a", 0)), 100, cache);
    assertThat(a.sameRouting(HashRing.of(Map.of("h:1", new ActorHost("h:1", "a", 0)), 100, cache))).isTrue();
    assertThat(a.sameRouting(HashRing.of(Map.of("h:1", new ActorHost("h:1", "b", 0)), 100, cache))).isFalse();
    assertThat(a.sameRouting(HashRing.of(Map.of("h:1", new ActorHost("h:1", "a", 0)), 50, cache))).isFalse();
  }

  /** The rule written out the slow way: smallest unsigned node hash >= the key's, else the smallest overall. */
  private static String bruteForceOwner(Iterable<String> hosts, int factor, String key) {
    long k = PlacementHash.of(key);
    String best = null;
    long bestHash = 0;
    String min = null;
    long minHash = 0;
    for (String h : hosts) {
      for (long v : PlacementHash.virtualNodes(h, factor)) {
        if (min == null || Long.compareUnsigned(v, minHash) < 0) {
          min = h;
          minHash = v;
        }
        if (Long.compareUnsigned(v, k) >= 0 && (best == null || Long.compareUnsigned(v, bestHash) < 0)) {
          best = h;
          bestHash = v;
        }
      }
    }
    return best != null ? best : min;
  }
}
