package io.jdaprd.it;

import io.jdaprd.components.rabbitmq.RabbitMqServer;
import java.time.Duration;
import java.util.Map;

/**
 * {@link AppFaultsTest} on {@code pubsub.rabbitmq}, a private RabbitMQ node: an event the app did not take after the
 * sidecar's retries is negatively acknowledged and requeued ({@code requeueInFailure}), so the broker hands it back
 * at once; an event the app took is acknowledged and never comes back, which the quiet period of 4 s (many requeue
 * cycles) shows.
 */
class RabbitMqAppFaultsTest extends AppFaultsTest {
  private RabbitMqServer rabbit;

  @Override
  void startBroker() throws Exception {
    rabbit = RabbitMqServer.start();
  }

  @Override
  void stopBroker() throws Exception {
    if (rabbit != null) {
      rabbit.close();
    }
  }

  @Override
  String type() {
    return "pubsub.rabbitmq";
  }

  @Override
  Map<String, String> metadata() {
    return Map.of("connectionString", rabbit.connectionString(), "durable", "true", "deliveryMode", "2",
        "requeueInFailure", "true", "publisherConfirm", "true");
  }

  @Override
  Duration quietPeriod() {
    return Duration.ofSeconds(4);
  }
}
