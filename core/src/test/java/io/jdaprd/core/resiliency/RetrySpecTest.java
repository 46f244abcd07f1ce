package io.jdaprd.core.resiliency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The waits of constant and exponential retries, as cenkalti/backoff v4 under dapr/kit's retry config. */
class RetrySpecTest {
  private final FakeTicker clock = new FakeTicker();

  private List<Long> waitsMillis(RetrySpec spec, int most) {
    RetrySpec.Backoff backoff = spec.start(clock::nanoTime, clock::random);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < most; i++) {
      var next = backoff.next();
      if (next.isEmpty()) {
        break;
      }
      out.add(next.get().toMillis());
      clock.advance(next.get());
    }
    return out;
  }

  private static RetrySpec exponential(Duration maxInterval, long maxRetries) {
    RetrySpec d = RetrySpec.DEFAULT;
    return new RetrySpec(RetrySpec.Kind.EXPONENTIAL, d.duration(), d.initialInterval(), d.randomizationFactor(),
        d.multiplier(), maxInterval, d.maxElapsedTime(), maxRetries, StatusCodeMatch.ALL);
  }

  @Test
  void constantWaitsItsDurationForMaxRetries() {
    assertThat(waitsMillis(RetrySpec.constant(Duration.ofSeconds(1), 3), 10)).containsExactly(1000L, 1000L, 1000L);
    assertThat(waitsMillis(RetrySpec.constant(Duration.ofSeconds(1), 0), 10)).isEmpty();
    assertThat(waitsMillis(RetrySpec.constant(Duration.ofMillis(5), -1), 50)).hasSize(50);
  }

  @Test
  void exponentialStartsAt500msAndGrowsBy1point5UpToMaxInterval() {
    clock.random = 0.5;
    // randomised value = interval * (1 - 0.5) + 0.5 * (interval * 2 * 0.5 + 1ns): the middle, plus half a ns
    assertThat(waitsMillis(exponential(Duration.ofSeconds(2), 6), 10))
        .containsExactly(500L, 750L, 1125L, 1687L, 2000L, 2000L);
  }

  @Test
  void exponentialRandomisesByHalfTheInterval() {
    clock.random = 0;
    assertThat(waitsMillis(exponential(Duration.ofSeconds(60), 3), 10)).containsExactly(250L, 375L, 562L);
    clock.random = 0.999999;
    assertThat(waitsMillis(exponential(Duration.ofSeconds(60), 3), 10)).containsExactly(749L, 1124L, 1687L);
  }

  @Test
  void exponentialStopsBeforeAWaitThatWouldEndAfterMaxElapsedTime() {
    RetrySpec d = RetrySpec.DEFAULT;
    RetrySpec spec = new RetrySpec(RetrySpec.Kind.EXPONENTIAL, d.duration(), Duration.ofSeconds(1), 0, 2,
        Duration.ofSeconds(60), Duration.ofSeconds(10), -1, StatusCodeMatch.ALL);
    // 1 + 2 + 4 = 7s elapsed; the next wait (8s) would end at 15s > 10s
    assertThat(waitsMillis(spec, 10)).containsExactly(1000L, 2000L, 4000L);
  }

  @Test
  void builtInInitializationRetriesStopAfterThreeOrTenSeconds() {
    Policy policy = Resiliency.builtIn().builtIn(Resiliency.BuiltIn.INITIALIZATION_RETRIES);
    clock.random = 0.5;
    assertThat(waitsMillis(policy.retry(), 10)).containsExactly(500L, 750L, 1000L);
  }
}
