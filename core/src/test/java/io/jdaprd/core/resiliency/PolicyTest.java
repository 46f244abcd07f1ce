package io.jdaprd.core.resiliency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Running operations under retries, breakers and timeouts, on a clock that only sleeps move. */
class PolicyTest {
  private final FakeTicker clock = new FakeTicker();

  /** The call site's exception. */
  static final class Failed extends Exception {
    Failed(String message) {
      super(message);
    }
  }

  private Policy policy(Duration timeout, RetrySpec retry, CircuitBreaker breaker) {
    return new Policy("test", timeout, retry, breaker, clock);
  }

  private CircuitBreaker breaker(long consecutiveFailures) {
    return new CircuitBreaker("cb", 1, Duration.ZERO, Duration.ofSeconds(10),
        c -> c.consecutiveFailures() >= consecutiveFailures, clock::nanoTime);
  }

  @Test
  void aFailingOperationIsRetriedMaxRetriesTimesThenItsFailureIsThrown() {
    AtomicInteger calls = new AtomicInteger();
    Policy p = policy(Duration.ZERO, RetrySpec.constant(Duration.ofMillis(300), 3), null);
    assertThatThrownBy(() -> p.run(() -> {
      throw new Failed("attempt " + calls.incrementAndGet());
    }, Failed::new)).isInstanceOf(Failed.class).hasMessage("attempt 4");
    assertThat(clock.sleeps).containsExactly(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300));
  }

  @Test
  void aSuccessEndsTheRetries() throws Failed {
    AtomicInteger calls = new AtomicInteger();
    Policy p = policy(Duration.ZERO, RetrySpec.constant(Duration.ofMillis(300), 5), null);
    String result = p.run(() -> {
      if (calls.incrementAndGet() < 3) {
        throw new Failed("not yet");
      }
      return "done";
    }, Failed::new);
    assertThat(result).isEqualTo("done");
    assertThat(calls).hasValue(3);
  }

  @Test
  void aCodeFailureIsRetriedOnlyWhenMatchingAllowsItsCode() {
    RetrySpec only5xx = new RetrySpec(RetrySpec.Kind.CONSTANT, Duration.ofMillis(1), Duration.ZERO, 0, 1,
        Duration.ZERO, Duration.ZERO, 3, StatusCodeMatch.parse("500-599", ""));
    AtomicInteger calls = new AtomicInteger();
    Policy p = policy(Duration.ZERO, only5xx, null);
    assertThatThrownBy(() -> p.run(() -> {
      calls.incrementAndGet();
      throw new Policy.CodeFailure(404, "not found");
    }, Failed::new)).isInstanceOfSatisfying(Policy.CodeFailure.class, f -> assertThat(f.value())
        .isEqualTo("not found"));
    assertThat(calls).hasValue(1);
    calls.set(0);
    assertThatThrownBy(() -> p.run(() -> {
      calls.incrementAndGet();
      throw new Policy.CodeFailure(503, "unavailable");
    }, Failed::new)).isInstanceOf(Policy.CodeFailure.class);
    assertThat(calls).hasValue(4);
    calls.set(0);
    assertThatThrownBy(() -> p.run(() -> {
      calls.incrementAndGet();
      throw new Policy.CodeFailure(404, "grpc api", false);
    }, Failed::new)).isInstanceOf(Policy.CodeFailure.class);
    assertThat(calls).hasValue(4);
  }

  @Test
  void anOpenBreakerRefusesAtOnceAndIsNotRetried() {
    CircuitBreaker cb = breaker(2);
    AtomicInteger calls = new AtomicInteger();
    Policy p = policy(Duration.ZERO, RetrySpec.constant(Duration.ofMillis(100), 5), cb);
    assertThatThrownBy(() -> p.run(() -> {
      calls.incrementAndGet();
      throw new Failed("down");
    }, Failed::new)).isInstanceOf(Failed.class).hasMessage("circuit breaker is open");
    assertThat(calls).hasValue(2);
    assertThat(clock.sleeps).hasSize(2);
    assertThat(cb.state()).isEqualTo(CircuitBreaker.State.OPEN);
    clock.advance(Duration.ofSeconds(11));
    assertThat(cb.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
  }

  @Test
  void aPermanentFailureIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    Policy p = policy(Duration.ZERO, RetrySpec.constant(Duration.ofMillis(100), 5), null);
    assertThatThrownBy(() -> p.run(() -> {
      calls.incrementAndGet();
      throw new Failed("permanent");
    }, Failed::new, e -> true)).hasMessage("permanent");
    assertThat(calls).hasValue(1);
  }

  @Test
  void anAttemptThatOutlivesTheTimeoutFailsWithDeadlineExceededAndCountsForTheBreaker() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CircuitBreaker cb = breaker(1);
    Policy p = policy(Duration.ofMillis(20), null, cb);
    try {
      assertThatThrownBy(() -> p.run(() -> {
        never.await();
        return "late";
      }, Failed::new)).isInstanceOf(Failed.class).hasMessage("context deadline exceeded");
      assertThat(cb.state()).isEqualTo(CircuitBreaker.State.OPEN);
    } finally {
      never.countDown();
    }
  }

  @Test
  void noPolicyRunsTheOperationOnce() throws Failed {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> Policy.NONE.run(() -> {
      calls.incrementAndGet();
      throw new Failed("once");
    }, Failed::new)).hasMessage("once");
    assertThat(calls).hasValue(1);
    assertThat(Policy.NONE.run(() -> 42, Failed::new)).isEqualTo(42);
  }
}
