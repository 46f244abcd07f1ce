package io.jdaprd.components.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.spi.state.TransactionOperation;
import io.jdaprd.spi.state.TransactionalStateStore;
import io.jdaprd.spi.testkit.StateStoreConformance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest extends StateStoreConformance {
  @TempDir
  Path dir;

  @Override
  protected StateStore createStore(ComponentMetadata metadata) {
    return new SqliteStateStore();
  }

  @Override
  protected Map<String, String> storeMetadata() {
    return Map.of("connectionString", dir.resolve("state.db").toString());
  }

  @Override
  protected String storeType() {
    return SqliteStateStore.TYPE;
  }

  @Test
  @DisplayName("reports Dapr's features for state.sqlite")
  void reportsDaprFeatures() {
    assertThat(store().features()).as("Dapr: state.sqlite supports ETags, transactions and TTL")
        .containsExactlyInAnyOrder(StateFeature.ETAG, StateFeature.TRANSACTIONAL, StateFeature.TTL);
  }

  @Test
  @DisplayName("data survives closing and reopening the store on the same file")
  void dataSurvivesReopen() throws Exception {
    byte[] binary = {(byte) 0xff, 0, 1, 2, (byte) 0x80};
    set(key("text"), "{\"kept\":true}");
    set(key("binary"), binary);
    store().set(setRequest(key("ttl"), utf8("later"), null, null, Map.of("ttlInSeconds", "3600")));
    set(key("deleted"), "gone");
    store().delete(deleteRequest(key("deleted"), null));
    String etag = etagOf(key("text"));
    String expireTime = get(key("ttl")).orElseThrow().metadata().get("ttlExpireTime");
    closeStore(store());

    StateStore reopened = openStore();
    Optional<StoredValue> text = reopened.get(getRequest(key("text")));
    assertThat(text).as("a value written before closing reads back after reopening").isPresent();
    assertThat(new String(text.get().data(), StandardCharsets.UTF_8)).isEqualTo("{\"kept\":true}");
    assertThat(text.get().etag()).as("the ETag survives a reopen").isEqualTo(etag);
    assertThat(reopened.get(getRequest(key("binary"))).orElseThrow().data()).isEqualTo(binary);
    assertThat(reopened.get(getRequest(key("ttl"))).orElseThrow().metadata().get("ttlExpireTime"))
        .as("the expiry survives a reopen").isEqualTo(expireTime);
    assertThat(reopened.get(getRequest(key("deleted")))).as("a delete survives a reopen").isEmpty();
    reopened.set(setRequest(key("text"), utf8("updated"), etag, null, Map.of()));
    assertThat(reopened.get(getRequest(key("text"))).orElseThrow().etag()).isNotEqualTo(etag);
  }

  @Test
  @DisplayName("8 threads x 200 mixed operations finish without busy errors")
  void concurrentMixedOperations() throws Exception {
    runMixedLoad(List.of(store()), 8, 200);
  }

  @Test
  @DisplayName("two stores on one file (two sidecars) share it without busy errors")
  void twoStoresShareOneFile() throws Exception {
    StateStore other = openStore();
    runMixedLoad(List.of(store(), other), 8, 100);
    set(key("shared"), "from the first");
    assertThat(other.get(getRequest(key("shared"))).orElseThrow().data())
        .as("a write through one store is read through the other").isEqualTo(utf8("from the first"));
  }

  /**
   * Every thread cycles its own keys through set, conditional update, delete, transaction and bulk read, checking
   * after each step that the key is there or not.
   */
  private void runMixedLoad(List<StateStore> stores, int threads, int rounds) throws Exception {
    List<Future<Integer>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        StateStore store = stores.get(t % stores.size());
        TransactionalStateStore transactional = (TransactionalStateStore) store;
        results.add(pool.submit(() -> {
          int checked = 0;
          for (int i = 0; i < rounds; i++) {
            String k = key("load-" + thread + "-" + (i / 5) % 10);
            String value = "v-" + thread + "-" + i;
            switch (i % 5) {
              case 0 -> store.set(setRequest(k, utf8(value)));
              case 1 -> {
                Optional<StoredValue> current = store.get(getRequest(k));
                String etag = current.map(StoredValue::etag).orElse(null);
                store.set(setRequest(k, utf8(value), etag, etag == null ? Concurrency.FIRST_WRITE : null,
                    Map.of()));
              }
              case 2 -> store.delete(deleteRequest(k, null));
              case 3 -> transactional.multi(List.of(
                  new TransactionOperation.Upsert(setRequest(k, utf8(value))),
                  new TransactionOperation.Upsert(setRequest(k + "-tx", utf8(value)))), Map.of());
              default -> {
                List<GetRequest> reads = List.of(getRequest(k), getRequest(k + "-tx"));
                List<Optional<StoredValue>> got = store.bulkGet(reads);
                assertThat(got.get(0).map(v -> new String(v.data(), StandardCharsets.UTF_8)))
                    .as("a thread reads its own last write").contains("v-" + thread + "-" + (i - 1));
              }
            }
            assertThat(store.get(getRequest(k)).isPresent()).isEqualTo(i % 5 != 2);
            checked++;
          }
          return checked;
        }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(120, TimeUnit.SECONDS)).isEqualTo(rounds);
      }
    }
  }
}
