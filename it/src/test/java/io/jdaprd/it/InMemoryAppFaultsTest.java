package io.jdaprd.it;

import java.time.Duration;
import java.util.Map;

/**
 * {@link AppFaultsTest} on {@code pubsub.in-memory} with its defaults: it cannot redeliver, so the sidecar retries
 * an event the app did not take for as long as the subscription runs, and a quiet period of 1 s is enough.
 */
class InMemoryAppFaultsTest extends AppFaultsTest {
  @Override
  String type() {
    return "pubsub.in-memory";
  }

  @Override
  Map<String, String> metadata() {
    return Map.of();
  }

  @Override
  Duration quietPeriod() {
    return Duration.ofSeconds(1);
  }
}
