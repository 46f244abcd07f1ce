package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.EtagInvalidException;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.TransactionOperation.Delete;
import io.jdaprd.spi.state.TransactionOperation.Upsert;
import io.jdaprd.spi.state.TransactionalStateStore;
import io.jdaprd.spi.testkit.StateEtagRules;
import io.jdaprd.spi.testkit.StateStoreConformance;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The state store conformance suite against a private redis-server, plus what is particular to state.redis. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisStateStoreTest extends StateStoreConformance {
  private RedisServer server;
  private final Map<String, String> extraMetadata = new HashMap<>();

  @BeforeAll
  void startServer() throws Exception {
    server = RedisServer.start();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected StateStore createStore(ComponentMetadata metadata) {
    return new RedisStateStore();
  }

  @Override
  protected Map<String, String> storeMetadata() {
    Map<String, String> metadata = new HashMap<>(extraMetadata);
    metadata.put("redisHost", server.address());
    return metadata;
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
  @DisplayName("a last-write set ignores its ETag, even one that is not an integer, as daprd's parseETag")
  void lastWriteEtagIsNotParsed() throws Exception {
    String key = key("last-write-text-etag");
    set(key, "v");
    store().set(setRequest(key, utf8("w"), "not-a-number", Concurrency.LAST_WRITE, Map.of()));
    assertThat(text(key)).isEqualTo("w");
    assertThat(etagOf(key)).isEqualTo("2");
  }

  @Test
  @DisplayName("a refused set with an ETag is a mismatch even under last-write; without one a plain failure")
  void refusedSetsAsDaprdReportsThem() throws Exception {
    String key = key("refused");
    store().set(setRequest(key, utf8("v"), null, Concurrency.FIRST_WRITE, Map.of()));
    assertThatThrownBy(() -> store().set(setRequest(key, utf8("x"), "7", Concurrency.LAST_WRITE, Map.of())))
        .isInstanceOf(EtagMismatchException.class).hasMessage("failed to set key " + key);
    assertThatThrownBy(() -> store().set(setRequest(key, utf8("x"), null, Concurrency.FIRST_WRITE, Map.of())))
        .isExactlyInstanceOf(StateException.class).hasMessage("failed to set key " + key + ": failed to set key "
            + key);
    TransactionalStateStore tx = (TransactionalStateStore) store();
    assertThatThrownBy(() -> tx.multi(List.of(new Upsert(setRequest(key, utf8("x"), null, null, Map.of()))),
        Map.of()))
        .isExactlyInstanceOf(StateException.class).hasMessage("failed to set key " + key);
    assertThat(text(key)).isEqualTo("v");
  }

  @Test
  @DisplayName("a get sends its HGETALL and PTTL in one write, a bulk get all its keys' commands: one read at Redis")
  void readsAreOneWriteEach() throws Exception {
    String key = key("one-write");
    set(key, "v");
    RedisClient client = RedisClient.create(RedisURI.create("redis://" + server.address()));
    try (StatefulRedisConnection<String, String> direct = client.connect()) {
      long before = readsProcessed(direct);
      for (int i = 0; i < 50; i++) {
        assertThat(text(key)).isEqualTo("v");
      }
      List<GetRequest> keys = List.of(new GetRequest(key, Map.of(), null), new GetRequest(key("absent"), Map.of(),
          null), new GetRequest(key, Map.of(), null));
      for (int i = 0; i < 10; i++) {
        assertThat(store().bulkGet(keys)).hasSize(3);
      }
      long reads = readsProcessed(direct) - before - 1;
      assertThat(reads).as("reads Redis processed for 50 gets and 10 bulk gets of 3 keys (one each when every read"
          + " is one write; with a write per command, 220)").isLessThanOrEqualTo(66);
    } finally {
      client.shutdown();
    }
  }

  /** Redis's count of reads from its clients ({@code INFO stats}: {@code total_reads_processed}). */
  private static long readsProcessed(StatefulRedisConnection<String, String> direct) {
    for (String line : direct.sync().info("stats").split("\r?\n")) {
      if (line.startsWith("total_reads_processed:")) {
        return Long.parseLong(line.substring("total_reads_processed:".length()).trim());
      }
    }
    throw new AssertionError("no total_reads_processed in INFO stats");
  }

  @Test
  @DisplayName("reports Dapr's features for state.redis without RedisJSON")
  void reportsDaprFeatures() {
    assertThat(store().features()).as("Dapr: state.redis supports ETags, transactions and TTL")
        .containsExactlyInAnyOrder(StateFeature.ETAG, StateFeature.TRANSACTIONAL, StateFeature.TTL);
  }

  @Test
  @DisplayName("ETags are Dapr's version counter: 1, 2, 3")
  void etagsCountUp() throws Exception {
    String key = key("counter");
    set(key, "a");
    assertThat(etagOf(key)).isEqualTo("1");
    set(key, "b");
    store().set(setRequest(key, utf8("c"), "2", null, Map.of()));
    assertThat(etagOf(key)).isEqualTo("3");
    store().set(setRequest(key, utf8("d"), "+03", null, Map.of()));
    assertThat(etagOf(key)).as("Dapr parses a set's ETag as an integer (strconv.Atoi)").isEqualTo("4");
  }

  @Test
  @DisplayName("a set with an ETag that is not an integer fails as daprd's does, with the ETag quoted")
  void nonNumericEtagIsInvalid() throws Exception {
    String key = key("bad-etag");
    set(key, "v");
    assertThatThrownBy(() -> store().set(setRequest(key, utf8("x"), "badEtag", null, Map.of())))
        .isInstanceOf(EtagInvalidException.class)
        .hasMessage("strconv.Atoi: parsing \"badEtag\": invalid syntax");
    assertThatThrownBy(() -> store().set(setRequest(key, utf8("x"), "99999999999999999999", null, Map.of())))
        .isInstanceOf(EtagInvalidException.class)
        .hasMessage("strconv.Atoi: parsing \"99999999999999999999\": value out of range");
    TransactionalStateStore tx = (TransactionalStateStore) store();
    assertThatThrownBy(() -> tx.multi(List.of(new Upsert(setRequest(key, utf8("x"), "a\"b", null, Map.of()))),
        Map.of()))
        .as("in a transaction daprd's text carries the ETag error's prefix")
        .isInstanceOf(EtagInvalidException.class)
        .hasMessage("invalid etag value: strconv.Atoi: parsing \"a\\\"b\": invalid syntax");
    assertThatThrownBy(() -> store().delete(deleteRequest(key, "badEtag")))
        .as("Dapr compares a delete's ETag as text: a non-numeric one is a mismatch")
        .isInstanceOf(EtagMismatchException.class)
        .hasMessage("failed to delete " + key);
    assertThat(text(key)).isEqualTo("v");
  }

  @Test
  @DisplayName("the component's ttlInSeconds applies to writes without one; -1 in a request overrides it")
  void componentDefaultTtl() throws Exception {
    extraMetadata.put("ttlInSeconds", "100");
    StateStore withDefault;
    try {
      withDefault = openStore();
    } finally {
      extraMetadata.clear();
    }
    withDefault.set(setRequest(key("default-ttl"), utf8("v")));
    String expires = withDefault.get(getRequest(key("default-ttl"))).orElseThrow().metadata().get("ttlExpireTime");
    assertThat(OffsetDateTime.parse(expires).toInstant()).isBetween(Instant.now().plusSeconds(95),
        Instant.now().plusSeconds(101));
    withDefault.set(setRequest(key("no-ttl"), utf8("v"), null, null, Map.of("ttlInSeconds", "-1")));
    assertThat(withDefault.get(getRequest(key("no-ttl"))).orElseThrow().metadata()).doesNotContainKey("ttlExpireTime");
  }

  @Test
  @DisplayName("a failing transaction names the operation that failed, as Dapr's script does")
  void failingTransactionNamesTheKey() throws Exception {
    String kept = key("tx-kept");
    set(kept, "old");
    TransactionalStateStore tx = (TransactionalStateStore) store();
    assertThatThrownBy(() -> tx.multi(List.of(new Upsert(setRequest(key("tx-new"), utf8("n"))),
        new Delete(deleteRequest(kept, "41"))), Map.of()))
        .isInstanceOf(EtagMismatchException.class).hasMessage("failed to delete " + kept);
    assertThat(get(key("tx-new"))).isEmpty();
    assertThat(text(kept)).isEqualTo("old");
  }

  @Test
  @DisplayName("a ttlInSeconds that is not an integer fails with Go's text")
  void badTtlText() {
    assertThatThrownBy(() -> store().set(setRequest(key("ttl"), utf8("v"), null, null, Map.of("ttlInSeconds",
        "abc"))))
        .isInstanceOf(StateException.class)
        .hasMessage("failed to parse ttl from metadata: strconv.ParseInt: parsing \"abc\": invalid syntax");
  }
}
