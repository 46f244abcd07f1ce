package io.jdaprd.core.resiliency;

import static io.jdaprd.core.resiliency.ResiliencyParserTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.metrics.MetricsSpec;
import io.jdaprd.core.resiliency.Resiliency.ComponentKind;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** daprd's resiliency metrics, as the exposition shows them after policies are made and act. */
class ResiliencyMetricsTest {
  private static final String SPEC = """
      kind: Resiliency
      metadata: {name: res}
      spec:
        policies:
          timeouts:
            short: 50ms
          retries:
            twice: {policy: constant, duration: 1s, maxRetries: 2}
          circuitBreakers:
            cb: {trip: consecutiveFailures >= 2, timeout: 30s}
        targets:
          apps:
            appR: {retry: twice}
            appT: {timeout: short, retry: twice}
          components:
            store1:
              outbound: {circuitBreaker: cb}
      """;

  private final FakeTicker clock = new FakeTicker();
  private final Metrics metrics = new Metrics("myapp", "prod", MetricsSpec.DEFAULT);

  private Resiliency resiliency() {
    return Resiliency.of(List.of(ResiliencyParser.parse(yaml(SPEC.replace("name: res", "name: first"))),
        ResiliencyParser.parse(yaml(SPEC))), clock, metrics);
  }

  private static String series(String family, String policy, String target, String status) {
    return family + "{app_id=\"myapp\",flow_direction=\"outbound\",name=\"res\",namespace=\"prod\",policy=\""
        + policy + "\",status=\"" + status + "\",target=\"" + target + "\"}";
  }

  @Test
  void eachResourceLoadedIsCounted() {
    resiliency();
    assertThat(metrics.scrape(false))
        .contains("dapr_resiliency_loaded{app_id=\"myapp\",name=\"first\",namespace=\"prod\"} 1\n")
        .contains("dapr_resiliency_loaded{app_id=\"myapp\",name=\"res\",namespace=\"prod\"} 1\n");
  }

  @Test
  void aRetryIsCountedWhenMadeAndEachRetryActivatesIt() {
    AtomicInteger attempts = new AtomicInteger();
    String answer = resiliency().endpoint("appR", "appR:orders").run(() -> {
      if (attempts.incrementAndGet() < 3) {
        throw new IllegalStateException("down");
      }
      return "ok";
    }, IllegalStateException::new);

    assertThat(answer).isEqualTo("ok");
    assertThat(metrics.scrape(false))
        .contains(series("dapr_resiliency_count", "retry", "app_appR", "") + " 1\n")
        .contains(series("dapr_resiliency_activations_total", "retry", "app_appR", "") + " 2\n")
        .doesNotContain("policy=\"timeout\"")
        .doesNotContain("policy=\"circuitbreaker\"");
  }

  @Test
  void aTimeoutActivatesOncePerCallHoweverManyAttemptsTimeOut() {
    Policy policy = resiliency().endpoint("appT", "appT:slow");
    assertThatThrownBy(() -> policy.run(() -> {
      Thread.sleep(60_000);
      return "late";
    }, IllegalStateException::new)).hasMessage(Policy.DEADLINE_EXCEEDED);

    assertThat(metrics.scrape(false))
        .contains(series("dapr_resiliency_count", "timeout", "app_appT", "") + " 1\n")
        .contains(series("dapr_resiliency_activations_total", "timeout", "app_appT", "") + " 1\n")
        .contains(series("dapr_resiliency_activations_total", "retry", "app_appT", "") + " 2\n");
  }

  @Test
  void aBreakerThatOpensActivatesWithItsStateAndMovesTheGauge() {
    Resiliency r = resiliency();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> r.componentOutbound("store1", ComponentKind.STATESTORE).run(() -> {
        throw new IllegalStateException("store down");
      }, IllegalStateException::new)).hasMessage("store down");
    }
    String target = "Statestore_store1";
    assertThat(metrics.scrape(false))
        .contains(series("dapr_resiliency_count", "circuitbreaker", target, "closed") + " 2\n")
        .contains(series("dapr_resiliency_activations_total", "circuitbreaker", target, "open") + " 1\n")
        .contains(series("dapr_resiliency_cb_state", "circuitbreaker", target, "open") + " 1\n")
        .contains(series("dapr_resiliency_cb_state", "circuitbreaker", target, "closed") + " 0\n");

    assertThatThrownBy(() -> r.componentOutbound("store1", ComponentKind.STATESTORE).run(() -> "never",
        IllegalStateException::new)).hasMessage(CircuitBreaker.OPEN);
    assertThat(metrics.scrape(false))
        .contains(series("dapr_resiliency_count", "circuitbreaker", target, "open") + " 1\n")
        .contains(series("dapr_resiliency_activations_total", "circuitbreaker", target, "open") + " 1\n");
  }

  @Test
  void builtInPoliciesAndDisabledMetricsRecordNothing() throws Exception {
    Resiliency r = resiliency();
    r.builtIn(Resiliency.BuiltIn.SERVICE_RETRIES).run(() -> "ok", IllegalStateException::new);
    assertThat(metrics.scrape(false)).doesNotContain("dapr_resiliency_count{");

    Metrics off = new Metrics("myapp", "prod", MetricsSpec.parse(new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree("{\"metrics\":{\"enabled\":false}}")));
    Resiliency.of(List.of(ResiliencyParser.parse(yaml(SPEC))), clock, off).endpoint("appR", "appR:x");
    assertThat(off.scrape(false)).doesNotContain("dapr_resiliency");
  }
}
