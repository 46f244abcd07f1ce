package io.jdaprd.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jdaprd.core.resiliency.Resiliency;
import io.jdaprd.core.resiliency.ResiliencyParser;
import io.jdaprd.errors.DaprException;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** State calls under the store's outbound policy: retried failures, then the breaker's refusal as daprd's error. */
class StateResiliencyTest {
  private final AtomicInteger gets = new AtomicInteger();

  private final StateStore down = new StateStore() {
    @Override
    public void init(io.jdaprd.spi.ComponentMetadata metadata) {
    }

    @Override
    public Set<StateFeature> features() {
      return Set.of();
    }

    @Override
    public Optional<StoredValue> get(GetRequest request) throws StateException {
      gets.incrementAndGet();
      throw new StateException("connection refused");
    }

    @Override
    public void set(SetRequest request) throws StateException {
      throw new StateException("connection refused");
    }

    @Override
    public void delete(DeleteRequest request) throws StateException {
      throw new StateException("connection refused");
    }
  };

  @Test
  void failuresAreRetriedThenTheOpenBreakerRefusesWithDaprdsText() throws Exception {
    Resiliency resiliency = Resiliency.of(List.of(ResiliencyParser.parse(new YAMLMapper().readTree("""
        kind: Resiliency
        metadata: {name: r}
        spec:
          policies:
            retries:
              twice: {policy: constant, duration: 1ms, maxRetries: 2}
            circuitBreakers:
              cb: {trip: consecutiveFailures >= 3, timeout: 60s}
          targets:
            components:
              s:
                outbound: {retry: twice, circuitBreaker: cb}
        """))));
    StateBlock block = new StateBlock(new StateStores(Map.of("s", new StateStores.Store("s", down,
        KeyPrefix.of(null, "s", "myapp", null))), "myapp"), resiliency);
    DaprException first = catchThrowableOfType(DaprException.class, () -> block.get("s", "k", null, Map.of()));
    assertThat(first.getMessage()).isEqualTo("fail to get k from state store s: connection refused");
    assertThat(gets).hasValue(3);
    DaprException refused = catchThrowableOfType(DaprException.class, () -> block.get("s", "k", null, Map.of()));
    assertThat(refused.getMessage()).isEqualTo("fail to get k from state store s: circuit breaker is open");
    assertThat(gets).hasValue(3);
  }
}
