package io.jdaprd.components.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.testkit.StateStoreConformance;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest extends StateStoreConformance {

  @Override
  protected StateStore createStore(ComponentMetadata metadata) {
    return new InMemoryStateStore();
  }

  @Override
  protected Map<String, String> storeMetadata() {
    return Map.of();
  }

  @Override
  protected String storeType() {
    return InMemoryStateStore.TYPE;
  }

  @Test
  @DisplayName("reports Dapr's features for state.in-memory")
  void reportsDaprFeatures() {
    assertThat(store().features()).as("Dapr: state.in-memory supports ETags, transactions and TTL")
        .containsExactlyInAnyOrder(StateFeature.ETAG, StateFeature.TRANSACTIONAL, StateFeature.TTL);
  }

  @Test
  @DisplayName("the sweeper purges expired entries nobody reads, and stops on close")
  void sweeperPurgesExpiredEntries() throws Exception {
    InMemoryStateStore store = new InMemoryStateStore(Duration.ofMillis(50));
    store.init(componentMetadata());
    try {
      store.set(setRequest(key("swept"), utf8("v"), null, null, Map.of("ttlInSeconds", "1")));
      store.set(setRequest(key("kept"), utf8("v"), null, null, Map.of()));
      assertThat(store.storedEntries()).isEqualTo(2);
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (store.storedEntries() > 1 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(store.storedEntries()).as("an expired entry is purged without being read").isEqualTo(1);
    } finally {
      Thread sweeper = store.sweeperThread();
      store.close();
      assertThat(sweeper.isAlive()).as("close() stops the sweeper").isFalse();
    }
  }

  @Test
  @DisplayName("a negative ttlInSeconds means no expiry, as in Dapr's in-memory store")
  void negativeTtlIsNoTtl() throws Exception {
    store().set(setRequest(key("negative"), utf8("v"), null, null, Map.of("ttlInSeconds", "-5")));
    assertThat(get(key("negative")).orElseThrow().metadata()).doesNotContainKey("ttlExpireTime");
  }
}
