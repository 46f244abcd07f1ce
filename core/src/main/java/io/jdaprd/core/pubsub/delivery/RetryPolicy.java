package io.jdaprd.core.pubsub.delivery;

import java.time.Duration;

/**
 * How the sidecar retries an event the app did not take (a {@code RETRY} answer, an error status, a timeout, an app
 * that is not running) before it gives the event back to the broker or to the dead-letter topic. daprd retries only
 * under a Resiliency policy; jdaprd always retries a little, with exponential backoff, so a brief app hiccup does not
 * cost a broker redelivery round (Redis: {@code redeliverInterval}) or, on a broker that cannot redeliver
 * ({@code pubsub.in-memory}), the message itself.
 *
 * @param durableAttempts deliveries in all, on a durable broker, before the event goes to the dead-letter topic or
 *     back to the broker for redelivery
 * @param initialBackoff the wait after the first failed delivery; doubled after each failure
 * @param maxBackoff the longest wait between deliveries
 */
public record RetryPolicy(int durableAttempts, Duration initialBackoff, Duration maxBackoff) {
  /** 3 deliveries, 200 ms doubling up to 5 s. On a non-durable broker, retries last while the subscription runs. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5));

  public RetryPolicy {
    if (durableAttempts < 1) {
      throw new IllegalArgumentException("durableAttempts: " + durableAttempts + " (expected: 1 or more)");
    }
  }

  /** The wait after {@code failures} failed deliveries (1 or more). */
  public Duration backoff(int failures) {
    long millis = initialBackoff.toMillis() << Math.min(failures - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
