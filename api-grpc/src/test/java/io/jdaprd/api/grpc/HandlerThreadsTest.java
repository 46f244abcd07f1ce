package io.jdaprd.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Where handlers run: each call on a virtual thread of its own, with the call's context current. */
class HandlerThreadsTest {

  /** A store whose reads record their thread and wait until {@code calls} reads are in flight at once. */
  private static final class ProbeStore implements StateStore {
    final ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Boolean> contextCurrent = new ConcurrentLinkedQueue<>();
    final CountDownLatch together;

    ProbeStore(int calls) {
      together = new CountDownLatch(calls);
    }

    @Override
    public void init(ComponentMetadata metadata) {
    }

    @Override
    public Set<StateFeature> features() {
      return Set.of();
    }

    @Override
    public Optional<StoredValue> get(GetRequest request) {
      threads.add(Thread.currentThread());
      contextCurrent.add(ServiceRequestContext.currentOrNull() != null);
      together.countDown();
      try {
        together.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Optional.empty();
    }

    @Override
    public void set(SetRequest request) {
    }

    @Override
    public void delete(DeleteRequest request) {
    }
  }

  @Test
  void blockingHandlersRunOnVirtualThreadsAndDoNotHoldEachOtherUp() throws Exception {
    int calls = 64;
    ProbeStore probe = new ProbeStore(calls);
    ExecutorService clients = Executors.newFixedThreadPool(calls);
    try (Sidecar sidecar = Sidecar.options().store("probe", probe).start()) {
      Future<?>[] done = new Future<?>[calls];
      for (int i = 0; i < calls; i++) {
        done[i] = clients.submit(() -> sidecar.stub().getState(
            GetStateRequest.newBuilder().setStoreName("probe").setKey("k").build()));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      clients.shutdownNow();
    }

    assertThat(probe.together.getCount()).as("all reads were in flight at once").isZero();
    assertThat(probe.threads).hasSize(calls).allMatch(Thread::isVirtual);
    assertThat(probe.contextCurrent).containsOnly(true);
  }
}
