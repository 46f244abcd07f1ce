package io.jdaprd.core.apphealth;

import java.time.Duration;
import java.util.Objects;

/**
 * daprd's app health check settings, as its flags give them.
 *
 * @param path {@code --app-health-check-path}, the HTTP path probed with {@code GET} (not used over gRPC); as in
 *     daprd, one leading {@code /} is ensured ({@code healthz} becomes {@code /healthz}); {@code null} means
 *     {@link #DEFAULT_PATH}
 * @param interval {@code --app-health-probe-interval}, the time between two probes
 * @param timeout {@code --app-health-probe-timeout}, how long one probe may take; not longer than {@code interval}
 * @param threshold {@code --app-health-threshold}, the consecutive failed probes after which the app is unhealthy
 */
public record AppHealthConfig(String path, Duration interval, Duration timeout, int threshold) {
  /** daprd's default path. */
  public static final String DEFAULT_PATH = "/healthz";
  /** daprd's default interval, 5 seconds. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  /** daprd's default timeout, 500 ms. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
  /** daprd's default threshold. */
  public static final int DEFAULT_THRESHOLD = 3;

  public AppHealthConfig {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    path = path == null ? DEFAULT_PATH : "/" + (path.startsWith("/") ? path.substring(1) : path);
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: " + interval + " (expected: a positive duration)");
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: positive and not above the interval "
          + interval + ")");
    }
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold: " + threshold + " (expected: 1 or more)");
    }
  }

  /** daprd's defaults. */
  public static AppHealthConfig defaults() {
    return new AppHealthConfig(DEFAULT_PATH, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_THRESHOLD);
  }
}
