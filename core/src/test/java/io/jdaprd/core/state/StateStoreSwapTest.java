package io.jdaprd.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.spi.ComponentMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A state call whose store hot reload replaced or removed between its lookup and the store call (here: while the
 * request body is read): a replaced store hands the call to its successor, a removed one answers daprd's not-found
 * error, and the store being closed takes no call.
 */
class StateStoreSwapTest {
  private static StateStores.Store store(String name) throws Exception {
    InMemoryStateStore s = new InMemoryStateStore();
    s.init(new ComponentMetadata(name, InMemoryStateStore.TYPE, "v1", "app", Map.of()));
    return new StateStores.Store(name, s, KeyPrefix.of(null, name, "app", null));
  }

  private static List<StateRequests.Item> item() {
    return List.of(new StateRequests.Item("k", "1".getBytes(StandardCharsets.UTF_8), null, Map.of(), null, null));
  }

  @Test
  void aReplacedStoreHandsTheCallToItsSuccessor() throws Exception {
    StateStores.Store first = store("s");
    StateStores.Store successor = store("s");
    StateStores stores = new StateStores(Map.of("s", first), "app");
    StateBlock block = new StateBlock(stores);
    block.save("s", () -> {
      stores.put(successor);
      assertThat(first.inFlight().closeWhenIdle(Duration.ZERO)).isTrue();
      return item();
    });
    assertThat(block.get("s", "k", null, Map.of())).isPresent();
    assertThat(successor.store().get(new io.jdaprd.spi.state.GetRequest("app||k", Map.of(), null))).isPresent();
  }

  @Test
  void aRemovedStoreAnswersNotFound() throws Exception {
    StateStores.Store first = store("s");
    StateStores stores = new StateStores(Map.of("s", first, "other", store("other")), "app");
    StateBlock block = new StateBlock(stores);
    assertThatThrownBy(() -> block.save("s", () -> {
      stores.remove("s");
      first.inFlight().closeWhenIdle(Duration.ZERO);
      return item();
    })).isInstanceOfSatisfying(DaprException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_STORE_NOT_FOUND));
  }
}
