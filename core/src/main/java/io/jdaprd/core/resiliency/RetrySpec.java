package io.jdaprd.core.resiliency;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * A retry policy, with the fields and defaults of Dapr's {@code retry.Config}: {@code constant} waits
 * {@link #duration} between attempts; {@code exponential} waits as {@code cenkalti/backoff/v4}'s exponential
 * backoff: {@link #initialInterval}, multiplied by {@link #multiplier} after each attempt up to {@link #maxInterval},
 * each wait randomised by ±{@link #randomizationFactor}, and no wait that would end after {@link #maxElapsedTime}
 * (0: no limit) from the first attempt. {@link #maxRetries} bounds the retries (not the attempts); -1 is no bound.
 *
 * @param matching the app status codes that are retried (service invocation)
 */
public record RetrySpec(Kind policy, Duration duration, Duration initialInterval, double randomizationFactor,
    double multiplier, Duration maxInterval, Duration maxElapsedTime, long maxRetries, StatusCodeMatch matching) {

  /** {@code policy}: {@code constant} or {@code exponential}. */
  public enum Kind {
    CONSTANT, EXPONENTIAL
  }

  /** daprd's defaults: constant every 5s, without bound; exponential 500ms ×1.5 ±0.5 up to 60s, for 15m. */
  public static final RetrySpec DEFAULT = new RetrySpec(Kind.CONSTANT, Duration.ofSeconds(5), Duration.ofMillis(500),
      0.5, 1.5, Duration.ofSeconds(60), Duration.ofMinutes(15), -1, StatusCodeMatch.ALL);

  /** A constant policy: {@code maxRetries} retries, {@code duration} apart. */
  public static RetrySpec constant(Duration duration, long maxRetries) {
    return new RetrySpec(Kind.CONSTANT, duration, DEFAULT.initialInterval, DEFAULT.randomizationFactor,
        DEFAULT.multiplier, DEFAULT.maxInterval, DEFAULT.maxElapsedTime, maxRetries, StatusCodeMatch.ALL);
  }

  /** This policy with {@code maxRetries} instead. */
  public RetrySpec withMaxRetries(long retries) {
    return new RetrySpec(policy, duration, initialInterval, randomizationFactor, multiplier, maxInterval,
        maxElapsedTime, retries, matching);
  }

  /** Whether the policy retries at all ({@code maxRetries} not 0), as daprd's {@code HasRetries}. */
  public boolean hasRetries() {
    return maxRetries != 0;
  }

  /**
   * A fresh sequence of waits for one operation.
   *
   * @param nanoTime the clock that measures the elapsed time
   * @param random values in [0, 1) for the randomisation
   */
  public Backoff start(LongSupplier nanoTime, DoubleSupplier random) {
    return new Backoff(this, nanoTime, random);
  }

  /** The waits between the attempts of one operation. Not thread-safe: one per operation. */
  public static final class Backoff {
    private final RetrySpec spec;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;
    private final long startNanos;
    private double currentNanos;
    private long retries;

    private Backoff(RetrySpec spec, LongSupplier nanoTime, DoubleSupplier random) {
      this.spec = spec;
      this.nanoTime = nanoTime;
      this.random = random;
      this.startNanos = nanoTime.getAsLong();
      this.currentNanos = spec.initialInterval.toNanos();
    }

    /** The wait before the next attempt; empty when there is to be none. */
    public Optional<Duration> next() {
      if (spec.maxRetries >= 0 && retries >= spec.maxRetries) {
        return Optional.empty();
      }
      retries++;
      if (spec.policy == Kind.CONSTANT) {
        return Optional.of(spec.duration);
      }
      long elapsed = nanoTime.getAsLong() - startNanos;
      double delta = spec.randomizationFactor * currentNanos;
      double min = currentNanos - delta;
      double max = currentNanos + delta;
      long next = (long) (min + random.getAsDouble() * (max - min + 1));
      long maxIntervalNanos = spec.maxInterval.toNanos();
      if (currentNanos >= maxIntervalNanos / spec.multiplier) {
        currentNanos = maxIntervalNanos;
      } else {
        currentNanos *= spec.multiplier;
      }
      long maxElapsed = spec.maxElapsedTime.toNanos();
      if (maxElapsed != 0 && elapsed + next > maxElapsed) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofNanos(next));
    }
  }
}
