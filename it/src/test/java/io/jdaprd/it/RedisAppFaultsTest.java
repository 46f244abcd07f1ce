package io.jdaprd.it;

import io.jdaprd.components.redis.RedisServer;
import java.time.Duration;
import java.util.Map;

/**
 * {@link AppFaultsTest} on {@code pubsub.redis}, a private durable {@code redis-server}: an event the app did not
 * take after the sidecar's retries stays pending and is claimed again once idle for 2 s (checked every 1 s). Redis
 * redelivers only pending entries, and never one this sidecar is still handling, so an event the app took is
 * acknowledged and not delivered again: the quiet period of 4 s outlasts a whole redelivery cycle.
 */
class RedisAppFaultsTest extends AppFaultsTest {
  private RedisServer redis;

  @Override
  void startBroker() throws Exception {
    redis = RedisServer.startDurable();
  }

  @Override
  void stopBroker() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  String type() {
    return "pubsub.redis";
  }

  @Override
  Map<String, String> metadata() {
    return Map.of("redisHost", "127.0.0.1:" + redis.port(), "redeliverInterval", "1s", "processingTimeout", "2s");
  }

  @Override
  Duration quietPeriod() {
    return Duration.ofSeconds(4);
  }
}
