package io.jdaprd.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.dapr.client.DaprClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** {@code @RegisterExtension} with one sidecar per method, methods run in parallel: none sees another's state. */
@Execution(ExecutionMode.CONCURRENT)
class JdaprdExtensionPerMethodTest {
  @RegisterExtension
  static final JdaprdExtension DAPR = new JdaprdExtension(JdaprdSidecar.builder().appId("each")).perMethod();

  private static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();

  @RepeatedTest(4)
  void eachMethodHasItsOwnSidecar(JdaprdSidecar sidecar, DaprClient client) {
    assertThat(PORTS.add(sidecar.getHttpPort())).isTrue();
    assertThat(sidecar.state("statestore").contains("mine")).isFalse();
    client.saveState("statestore", "mine", sidecar.getHttpPort()).block();
    assertThat(sidecar.state("statestore").get("mine", Integer.class)).hasValue(sidecar.getHttpPort());
  }

  @AfterAll
  static void fourSidecarsRan() {
    assertThat(PORTS).hasSize(4);
  }
}
