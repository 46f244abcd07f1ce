package io.jdaprd.it;

import io.jdaprd.components.redis.RedisServer;
import java.util.Map;

/**
 * {@link BrokerRestartTest} on {@code pubsub.redis}, a private {@code redis-server} that fsyncs every write
 * ({@link RedisServer#startDurable}), with a 1 s redelivery check for entries pending 2 s.
 */
class RedisBrokerRestartTest extends BrokerRestartTest {
  private RedisServer redis;

  @Override
  void startBroker() throws Exception {
    redis = RedisServer.startDurable();
  }

  @Override
  void restartBroker() throws Exception {
    redis.restart();
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
}
