package io.jdaprd.components.nameresolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.nameresolution.Instance;
import io.jdaprd.spi.nameresolution.ResolveRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the in-process resolver adds to the conformance suite: namespaces, its error text and its contract. */
class InProcessNameResolverTest {
  private final String id = "app-" + UUID.randomUUID();

  private static ComponentMetadata none() {
    return new ComponentMetadata("inprocess", "nameresolution.inprocess", "v1", "", Map.of());
  }

  @Test
  void anIdIsFoundInItsOwnNamespaceOnly() throws Exception {
    try (InProcessNameResolver orders = new InProcessNameResolver()) {
      orders.init(new Instance(id, "shop", "127.0.0.1", 3500, 41001, 0), none());
      assertThat(orders.resolve(new ResolveRequest(id, "shop", 50001))).containsExactly("127.0.0.1:41001");
      assertThatThrownBy(() -> orders.resolve(new ResolveRequest(id, "default", 50001)))
          .isInstanceOf(ComponentException.class).hasMessage("no host found with the given ID");
    }
  }

  @Test
  void closedResolverNoLongerAnswersForItsIdAndMayBeClosedTwice() throws Exception {
    InProcessNameResolver first = new InProcessNameResolver();
    first.init(new Instance(id, "default", "::1", 3500, 41002, 0), none());
    try (InProcessNameResolver caller = new InProcessNameResolver()) {
      caller.init(new Instance("caller-" + id, "default", "127.0.0.1", 3500, 41003, 0), none());
      assertThat(caller.resolve(new ResolveRequest(id, "default", 41003))).containsExactly("[::1]:41002");
      first.close();
      first.close();
      assertThatThrownBy(() -> caller.resolve(new ResolveRequest(id, "default", 41003)))
          .hasMessage(InProcessNameResolver.NO_HOST);
    }
  }

  @Test
  void initTwiceIsAProgrammingError() throws Exception {
    try (InProcessNameResolver resolver = new InProcessNameResolver()) {
      resolver.init(new Instance(id, "default", "127.0.0.1", 3500, 41004, 0), none());
      assertThatThrownBy(() -> resolver.init(new Instance(id, "default", "127.0.0.1", 3500, 41005, 0), none()))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
