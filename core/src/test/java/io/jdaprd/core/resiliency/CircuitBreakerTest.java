package io.jdaprd.core.resiliency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** gobreaker's state machine on a clock that only the test moves. */
class CircuitBreakerTest {
  private final FakeTicker clock = new FakeTicker();

  private CircuitBreaker breaker(long maxRequests, Duration interval, Duration timeout, String trip) {
    return new CircuitBreaker("cb", maxRequests, interval, timeout,
        trip == null ? null : ResiliencyParser.parse(yaml(trip)).circuitBreakers().get("cb").tripTest(),
        clock::nanoTime);
  }

  private static com.fasterxml.jackson.databind.JsonNode yaml(String trip) {
    try {
      return new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(
          "kind: Resiliency\nmetadata: {name: r}\nspec:\n  policies:\n    circuitBreakers:\n      cb:\n        trip: \""
              + trip + "\"\n");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void fail(CircuitBreaker b) throws Exception {
    b.report(b.admit(), false);
  }

  private static void succeed(CircuitBreaker b) throws Exception {
    b.report(b.admit(), true);
  }

  @Test
  void opensWhenTheTripExpressionHoldsAndRefusesUntilTheTimeout() throws Exception {
    CircuitBreaker b = breaker(1, Duration.ZERO, Duration.ofSeconds(30), "consecutiveFailures > 2");
    fail(b);
    fail(b);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    fail(b);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThatThrownBy(b::admit).isInstanceOf(CircuitBreaker.RejectedException.class)
        .hasMessage("circuit breaker is open");
    clock.advance(Duration.ofSeconds(30));
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
    clock.advance(Duration.ofNanos(1));
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
  }

  @Test
  void halfOpenLetsMaxRequestsThroughAndClosesAfterAsManySuccesses() throws Exception {
    CircuitBreaker b = breaker(2, Duration.ZERO, Duration.ofSeconds(5), "consecutiveFailures >= 1");
    fail(b);
    clock.advance(Duration.ofSeconds(6));
    long first = b.admit();
    long second = b.admit();
    assertThatThrownBy(b::admit).hasMessage("too many requests");
    b.report(first, true);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    b.report(second, true);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aFailureHalfOpenOpensAgain() throws Exception {
    CircuitBreaker b = breaker(1, Duration.ZERO, Duration.ofSeconds(5), "consecutiveFailures >= 1");
    fail(b);
    clock.advance(Duration.ofSeconds(6));
    fail(b);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
    clock.advance(Duration.ofSeconds(4));
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void anOutcomeOfAnOlderGenerationIsIgnored() throws Exception {
    CircuitBreaker b = breaker(1, Duration.ZERO, Duration.ofSeconds(5), "consecutiveFailures >= 1");
    long stale = b.admit();
    fail(b);
    clock.advance(Duration.ofSeconds(6));
    b.report(stale, true);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(b.counts().totalSuccesses()).isZero();
  }

  @Test
  void theIntervalClearsTheCountsOfAClosedBreaker() throws Exception {
    CircuitBreaker b = breaker(1, Duration.ofSeconds(10), Duration.ofSeconds(5), "totalFailures >= 3");
    fail(b);
    fail(b);
    clock.advance(Duration.ofSeconds(11));
    fail(b);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(b.counts().totalFailures()).isEqualTo(1);
  }

  @Test
  void withoutATripItOpensAfterMoreThanFiveConsecutiveFailuresAndStaysOpenSixtySeconds() throws Exception {
    CircuitBreaker b = breaker(0, Duration.ZERO, Duration.ZERO, null);
    for (int i = 0; i < 5; i++) {
      fail(b);
    }
    succeed(b);
    for (int i = 0; i < 5; i++) {
      fail(b);
    }
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    fail(b);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
    clock.advance(Duration.ofSeconds(59));
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
    clock.advance(Duration.ofSeconds(2));
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
  }

  @Test
  void tripExpressionsSeeEveryCountAsDaprdNamesThem() throws Exception {
    CircuitBreaker b = breaker(1, Duration.ZERO, Duration.ofSeconds(5),
        "requests >= 4 && totalFailures * 2 >= requests && consecutiveSuccesses == 0 && totalSuccesses >= 1");
    succeed(b);
    fail(b);
    succeed(b);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    fail(b);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void aTripThatFailsToEvaluateDoesNotOpen() throws Exception {
    CircuitBreaker b = breaker(1, Duration.ZERO, Duration.ofSeconds(5), "unknownCount > 1");
    fail(b);
    fail(b);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }
}
