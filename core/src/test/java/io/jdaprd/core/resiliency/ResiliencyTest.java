package io.jdaprd.core.resiliency;

import static io.jdaprd.core.resiliency.ResiliencyParserTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.core.component.ResourceLoader.ResourceDocument;
import io.jdaprd.core.resiliency.Resiliency.BuiltIn;
import io.jdaprd.core.resiliency.Resiliency.ComponentKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which policy a target gets: its own, the defaults by level, the built-ins; breakers kept per target. */
class ResiliencyTest {
  private final FakeTicker clock = new FakeTicker();

  private Resiliency of(String spec) {
    return Resiliency.of(List.of(ResiliencyParser.parse(yaml(spec))), clock);
  }

  private static final String SPEC = """
      kind: Resiliency
      metadata: {name: r}
      spec:
        policies:
          timeouts:
            fast: 1s
            DefaultTimeoutPolicy: 9s
          retries:
            three: {policy: constant, duration: 1s, maxRetries: 3}
            DefaultAppRetryPolicy: {policy: constant, duration: 2s, maxRetries: 2}
            DefaultStatestoreComponentOutboundRetryPolicy: {maxRetries: 7}
            DefaultComponentOutboundRetryPolicy: {maxRetries: 6}
            DefaultComponentRetryPolicy: {maxRetries: 5}
            DaprBuiltInServiceRetries: {policy: constant, duration: 10ms, maxRetries: 1}
            DaprBuiltInActorNotFoundRetries: {policy: constant, duration: 10ms, maxRetries: 50}
          circuitBreakers:
            cb: {trip: consecutiveFailures >= 1, timeout: 5s}
        targets:
          apps:
            appB: {timeout: fast, retry: three, circuitBreaker: cb}
          actors:
            typed: {circuitBreaker: cb, circuitBreakerScope: type}
            perId: {circuitBreaker: cb, circuitBreakerScope: id}
          components:
            store1:
              outbound: {retry: three, circuitBreaker: cb}
      """;

  @Test
  void anAppTargetGetsItsPoliciesAndOneBreakerPerEndpoint() throws Exception {
    Resiliency r = of(SPEC);
    Policy p = r.endpoint("appB", "appB:orders");
    assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.retry().maxRetries()).isEqualTo(3);
    p.breaker().report(p.breaker().admit(), false);
    assertThat(r.endpoint("appB", "appB:orders").breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(r.endpoint("appB", "appB:other").breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(r.hasAppPolicy("appB")).isTrue();
    assertThat(r.hasAppPolicy("appC")).isFalse();
  }

  @Test
  void otherTargetsTakeTheMostSpecificDefault() {
    Resiliency r = of(SPEC);
    Policy app = r.endpoint("appC", "appC:x");
    assertThat(app.retry().maxRetries()).isEqualTo(2);
    assertThat(app.timeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(app.breaker()).isNull();
    assertThat(r.componentOutbound("store2", ComponentKind.STATESTORE).retry().maxRetries()).isEqualTo(7);
    assertThat(r.componentOutbound("pubsub", ComponentKind.PUBSUB).retry().maxRetries()).isEqualTo(6);
    assertThat(r.componentInbound("pubsub", ComponentKind.PUBSUB).retry().maxRetries()).isEqualTo(5);
    assertThat(r.componentOutbound("store1", ComponentKind.STATESTORE).retry().maxRetries()).isEqualTo(3);
    assertThat(r.componentInbound("store1", ComponentKind.STATESTORE).isNone()).isTrue();
  }

  @Test
  void aComponentHasOneBreakerAcrossCalls() throws Exception {
    Resiliency r = of(SPEC);
    CircuitBreaker cb = r.componentOutbound("store1", ComponentKind.STATESTORE).breaker();
    assertThat(cb.name()).isEqualTo("cb-store1");
    cb.report(cb.admit(), false);
    assertThat(r.componentOutbound("store1", ComponentKind.STATESTORE).breaker().state())
        .isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void circuitBreakerCacheSizeBoundsAnActorTypesBreakers() throws Exception {
    Resiliency r = of(SPEC.replace("perId: {circuitBreaker: cb, circuitBreakerScope: id}",
        "perId: {circuitBreaker: cb, circuitBreakerScope: id, circuitBreakerCacheSize: 2}\n"
            + "      wide: {circuitBreaker: cb, circuitBreakerScope: id}"));
    CircuitBreaker one = r.actorPreLock("perId", "1").breaker();
    one.report(one.admit(), false);
    assertThat(one.state()).isEqualTo(CircuitBreaker.State.OPEN);
    r.actorPreLock("perId", "2");
    assertThat(r.actorPreLock("perId", "1").breaker()).as("still cached").isSameAs(one);
    r.actorPreLock("perId", "2");
    r.actorPreLock("perId", "3");
    CircuitBreaker again = r.actorPreLock("perId", "1").breaker();
    assertThat(again).as("the least recently used breaker was dropped").isNotSameAs(one);
    assertThat(again.state()).isEqualTo(CircuitBreaker.State.CLOSED);

    CircuitBreaker wide = r.actorPreLock("wide", "1").breaker();
    r.actorPreLock("wide", "2");
    r.actorPreLock("wide", "3");
    assertThat(r.actorPreLock("wide", "1").breaker()).as("daprd's default keeps 5000").isSameAs(wide);
  }

  @Test
  void actorBreakersAreKeyedByTypeOrById() throws Exception {
    Resiliency r = of(SPEC);
    CircuitBreaker typed = r.actorPreLock("typed", "1").breaker();
    assertThat(r.actorPreLock("typed", "2").breaker()).isSameAs(typed);
    CircuitBreaker one = r.actorPreLock("perId", "1").breaker();
    assertThat(r.actorPreLock("perId", "2").breaker()).isNotSameAs(one);
    assertThat(r.actorPreLock("perId", "1").breaker()).isSameAs(one);
  }

  @Test
  void builtInsCanBeOverriddenWithAtLeastThreeRetriesExceptActorNotFound() {
    Resiliency r = of(SPEC);
    RetrySpec service = r.builtIn(BuiltIn.SERVICE_RETRIES).retry();
    assertThat(service.duration()).isEqualTo(Duration.ofMillis(10));
    assertThat(service.maxRetries()).isEqualTo(3);
    RetrySpec notFound = r.builtIn(BuiltIn.ACTOR_NOT_FOUND_RETRIES).retry();
    assertThat(notFound.duration()).isEqualTo(Duration.ofSeconds(1));
    assertThat(notFound.maxRetries()).isEqualTo(5);
    RetrySpec plain = Resiliency.builtIn().builtIn(BuiltIn.SERVICE_RETRIES).retry();
    assertThat(plain).isEqualTo(RetrySpec.constant(Duration.ofSeconds(1), 3));
    assertThat(Resiliency.builtIn().builtIn(BuiltIn.ACTOR_RETRIES).retry()).isEqualTo(plain);
  }

  @Test
  void withoutResourcesNoTargetHasAPolicy() {
    Resiliency r = Resiliency.builtIn();
    assertThat(r.endpoint("a", "a:m").isNone()).isTrue();
    assertThat(r.componentOutbound("s", ComponentKind.STATESTORE).isNone()).isTrue();
    assertThat(r.componentInbound("p", ComponentKind.PUBSUB).isNone()).isTrue();
  }

  @Test
  void resourcesForOtherAppsAndInvalidOnesAreSkipped() {
    Path file = Path.of("r.yaml");
    List<ResourceDocument> docs = List.of(
        new ResourceDocument("Resiliency", yaml("kind: Resiliency\nmetadata: {name: mine}\nscopes: [app1]\n"), file),
        new ResourceDocument("Resiliency", yaml("kind: Resiliency\nmetadata: {name: theirs}\nscopes: [app2]\n"),
            file),
        new ResourceDocument("Resiliency", yaml("kind: Resiliency\nmetadata: {name: all}\n"), file),
        new ResourceDocument("Resiliency", yaml(
            "kind: Resiliency\nmetadata: {name: bad}\nspec:\n  policies:\n    timeouts:\n      t: soon\n"), file),
        new ResourceDocument("Subscription", yaml("kind: Subscription\nmetadata: {name: sub}\n"), file));
    assertThat(ResiliencyResources.read(docs, "app1")).extracting(ResiliencySpec::name).containsExactly("mine", "all");
  }
}
