package io.jdaprd.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.metrics.MetricsSpec;
import io.jdaprd.core.state.StateRequests.Item;
import io.jdaprd.errors.DaprException;
import io.jdaprd.spi.ComponentMetadata;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each store call of the state block counted as daprd's {@code dapr_component_state_count}, checks not. */
class StateBlockMetricsTest {
  @Test
  void storeCallsAreCountedByOperationAndOutcome() throws Exception {
    try (InMemoryStateStore store = new InMemoryStateStore()) {
      store.init(new ComponentMetadata("statestore", "state.in-memory", "v1", "myapp", Map.of()));
      Metrics metrics = new Metrics("myapp", null, MetricsSpec.DEFAULT);
      StateBlock block = new StateBlock(new StateStores(Map.of("statestore", new StateStores.Store("statestore", store,
          KeyPrefix.of(null, "statestore", "myapp", null))), "myapp", metrics));

      block.save("statestore", () -> List.of(new Item("k", "v".getBytes(StandardCharsets.UTF_8), null, Map.of(),
          null, null)));
      block.get("statestore", "k", null, Map.of());
      block.get("statestore", "missing", null, Map.of());
      block.delete("statestore", "k", null, null, null, Map.of());
      assertThatThrownBy(() -> block.get("nostore", "k", null, Map.of())).isInstanceOf(DaprException.class);

      String text = metrics.scrape(false);
      String labels = "dapr_component_state_count{app_id=\"myapp\",component=\"statestore\",namespace=\"\",";
      assertThat(text).contains(labels + "operation=\"set\",success=\"true\"} 1\n")
          .contains(labels + "operation=\"get\",success=\"true\"} 2\n")
          .contains(labels + "operation=\"delete\",success=\"true\"} 1\n")
          .doesNotContain("component=\"nostore\"");
    }
  }
}
