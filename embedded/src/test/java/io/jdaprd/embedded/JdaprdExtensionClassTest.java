package io.jdaprd.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprPreviewClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code @JdaprdTest}: one sidecar for the class, parameters injected into lifecycle and test methods. */
@JdaprdTest(appId = "shared")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JdaprdExtensionClassTest {
  private static int portInBeforeAll;

  @BeforeAll
  static void seed(JdaprdSidecar sidecar, DaprClient client) {
    portInBeforeAll = sidecar.getHttpPort();
    client.saveState("statestore", "seed", "planted").block();
  }

  @Test
  @Order(1)
  void theSidecarOfTheClassIsInjected(JdaprdSidecar sidecar, DaprClient client) {
    assertThat(sidecar.getHttpPort()).isEqualTo(portInBeforeAll);
    assertThat(sidecar.getAppName()).isEqualTo("shared");
    assertThat(client.getState("statestore", "seed", String.class).block().getValue()).isEqualTo("planted");
    client.publishEvent("pubsub", "t", "one").block();
  }

  @Test
  @Order(2)
  void laterMethodsSeeWhatEarlierOnesLeft(JdaprdSidecar sidecar, DaprPreviewClient preview) {
    assertThat(preview).isNotNull();
    assertThat(sidecar.state("statestore").get("seed", String.class)).hasValue("planted");
    assertThat(sidecar.published("pubsub", "t").await(Duration.ofSeconds(1)).payload()).isEqualTo("one");
  }
}
