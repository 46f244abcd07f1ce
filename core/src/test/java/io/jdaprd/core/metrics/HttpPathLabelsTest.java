package io.jdaprd.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** daprd's low-cardinality path labels (its legacy {@code convertPathToMetricLabel}). */
class HttpPathLabelsTest {
  private final HttpPathLabels labels = new HttpPathLabels(true, false);

  @Test
  void variablePartsAreReplaced() {
    assertThat(labels.path("/v1.0/state/statestore/key")).isEqualTo("/v1.0/state/statestore");
    assertThat(labels.path("/v1.0/secrets/vault/name")).isEqualTo("/v1.0/secrets/vault");
    assertThat(labels.path("/v1.0/actors/DemoActor/1/timer/name")).isEqualTo("/v1.0/actors/DemoActor/{id}/timer");
    assertThat(labels.path("/v1.0/actors/DemoActor/1")).isEqualTo("/v1.0/actors/DemoActor/1");
    // daprd's app-callback form loses its leading slash
    assertThat(labels.path("/actors/DemoActor/1/method/m")).isEqualTo("actors/DemoActor/{id}/method/m");
    assertThat(labels.path("/v1.0-beta1/workflows/dapr/abc")).isEqualTo("/v1.0-beta1/workflows/dapr/{instanceId}");
    assertThat(labels.path("/v1.0-beta1/workflows/dapr/wf/start?instanceID=1"))
        .isEqualTo("/v1.0-beta1/workflows/dapr/wf/start");
    assertThat(labels.path("/v1.0-beta1/workflows/dapr/abc/raiseEvent/ev"))
        .isEqualTo("/v1.0-beta1/workflows/dapr/{instanceId}/raiseEvent/{eventName}");
    assertThat(labels.path("/v1.0/invoke/app/method/orders/1")).isEqualTo("/v1.0/invoke/app/method/orders/1");
    assertThat(labels.path("//v1.0//state/s/k")).isEqualTo("/v1.0/state/s");
    assertThat(labels.path("/v1.0/metadata")).isEqualTo("/v1.0/metadata");
  }

  @Test
  void withoutIncreasedCardinalityOnlyTheAppsFixedPathsRemain() {
    HttpPathLabels low = new HttpPathLabels(false, false);
    assertThat(low.path("/v1.0/state/statestore/key")).isEmpty();
    assertThat(low.path("/dapr/subscribe")).isEqualTo("/dapr/subscribe");
  }

  @Test
  void methodsOutsideHttpsVerbsAreUnknown() {
    assertThat(labels.method("GET")).isEqualTo("GET");
    assertThat(labels.method("BREW")).isEqualTo("UNKNOWN");
    assertThat(new HttpPathLabels(true, true).method("GET")).isEmpty();
  }
}
