package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.spi.state.TransactionOperation.Delete;
import io.jdaprd.spi.state.TransactionOperation.Upsert;
import io.jdaprd.spi.state.TransactionalStateStore;
import io.jdaprd.spi.testkit.StateEtagRules;
import io.jdaprd.spi.testkit.StateStoreConformance;
import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The state store conformance suite against a private three-node Redis cluster ({@code redisType: cluster}), whose
 * keys spread over the slots of every node, plus transactions and bulk reads over keys of several slots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterStateStoreTest extends StateStoreConformance {
  private RedisCluster cluster;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = RedisCluster.start();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected StateStore createStore(ComponentMetadata metadata) {
    return new RedisStateStore();
  }

  @Override
  protected Map<String, String> storeMetadata() {
    return Map.of("redisHost", cluster.addresses(), "redisType", "cluster");
  }

  @Override
  protected String storeType() {
    return RedisStateStore.TYPE;
  }

  @Override
  public StateEtagRules etagRules() {
    return StateEtagRules.REDIS;
  }

  @Test
  @DisplayName("a transaction over keys of several hash slots succeeds, as daprd's does in cluster mode")
  void transactionAcrossSlots() throws Exception {
    List<String> keys = Stream.of("a", "b", "c", "d", "e", "f").map(name -> key("slots-" + name)).toList();
    assertThat(keys.stream().map(SlotHash::getSlot).collect(Collectors.toSet())).as("the keys' slots")
        .hasSizeGreaterThan(1);
    set(keys.get(5), "doomed");
    TransactionalStateStore tx = (TransactionalStateStore) store();
    tx.multi(List.of(new Upsert(setRequest(keys.get(0), utf8("0"))), new Upsert(setRequest(keys.get(1), utf8("1"))),
        new Upsert(setRequest(keys.get(2), utf8("2"))), new Upsert(setRequest(keys.get(3), utf8("3"))),
        new Upsert(setRequest(keys.get(4), utf8("4"))), new Delete(deleteRequest(keys.get(5), null))), Map.of());
    for (int i = 0; i < 5; i++) {
      assertThat(text(keys.get(i))).isEqualTo(String.valueOf(i));
    }
    assertThat(get(keys.get(5))).isEmpty();
  }

  @Test
  @DisplayName("a transaction over several slots that fails a check in one slot applies nothing in any slot and "
      + "names the first failing operation")
  void failingTransactionAcrossSlotsLeavesNothing() throws Exception {
    String eastNew = key("{east}-new");
    String eastGuarded = key("{east}-guarded");
    String westGuarded = key("{west}-guarded");
    String northNew = key("{north}-new");
    assertThat(Stream.of(eastNew, westGuarded, northNew).map(SlotHash::getSlot).collect(Collectors.toSet()))
        .as("hash tags put the keys in three slots").hasSize(3);
    set(eastGuarded, "guarded");
    set(westGuarded, "guarded too");
    TransactionalStateStore tx = (TransactionalStateStore) store();
    assertThatThrownBy(() -> tx.multi(List.of(new Upsert(setRequest(eastNew, utf8("new"))),
        new Upsert(setRequest(westGuarded, utf8("x"), "41", null, Map.of())),
        new Delete(deleteRequest(eastGuarded, "41")),
        new Upsert(setRequest(northNew, utf8("new")))), Map.of()))
        .as("the first failing operation is named, though the slot checked first fails a later one")
        .isInstanceOf(EtagMismatchException.class).hasMessage("failed to set key " + westGuarded);
    assertThat(get(eastNew)).isEmpty();
    assertThat(get(northNew)).isEmpty();
    assertThat(text(eastGuarded)).isEqualTo("guarded");
    assertThat(text(westGuarded)).isEqualTo("guarded too");
  }

  @Test
  @DisplayName("a bulk get over keys of several hash slots reads every one")
  void bulkGetAcrossSlots() throws Exception {
    List<String> keys = Stream.of("p", "q", "r", "s").map(name -> key("bulk-" + name)).toList();
    for (String key : keys) {
      set(key, key);
    }
    List<Optional<StoredValue>> values = store().bulkGet(keys.stream()
        .map(this::getRequest).toList());
    assertThat(values).allSatisfy(value -> assertThat(value).isPresent());
    assertThat(values.stream().map(value -> new String(value.orElseThrow().data(),
        StandardCharsets.UTF_8))).containsExactlyElementsOf(keys);
  }

  @Test
  @DisplayName("a new store's first write to every node succeeds without any retry: it waits for the node's "
      + "connection, as go-redis waits for its dial, instead of being refused while that connection opens")
  void firstWriteToEveryNodeNeedsNoRetry() throws Exception {
    Map<String, String> properties = new HashMap<>(storeMetadata());
    properties.put("redisMaxRetries", "0");
    RedisStateStore fresh = new RedisStateStore();
    try {
      fresh.init(new ComponentMetadata("no-retries", storeType(), "v1", "cluster-app", properties));
      for (String key : oneKeyPerNode()) {
        fresh.set(setRequest(key, utf8(key)));
      }
    } finally {
      fresh.close();
    }
    for (String key : oneKeyPerNode()) {
      assertThat(text(key)).isEqualTo(key);
    }
  }

  /** A key in the slots of each node: {@code redis-cli --cluster create} gives them 0-5460, 5461-10922, the rest. */
  private List<String> oneKeyPerNode() {
    Map<Integer, String> byNode = new TreeMap<>();
    for (int i = 0; byNode.size() < 3; i++) {
      String key = key("{node-" + i + "}-first");
      int slot = SlotHash.getSlot(key);
      byNode.putIfAbsent(slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2, key);
    }
    return List.copyOf(byNode.values());
  }
}
