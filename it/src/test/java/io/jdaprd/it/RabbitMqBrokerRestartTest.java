package io.jdaprd.it;

import io.jdaprd.components.rabbitmq.RabbitMqServer;
import java.util.Map;

/**
 * {@link BrokerRestartTest} on {@code pubsub.rabbitmq}, a private RabbitMQ node, with a durable queue that outlives
 * its consumers, persistent messages, publisher confirms, requeueing on failure and a 1 s reconnect wait.
 */
class RabbitMqBrokerRestartTest extends BrokerRestartTest {
  private RabbitMqServer rabbit;

  @Override
  void startBroker() throws Exception {
    rabbit = RabbitMqServer.start();
  }

  @Override
  void restartBroker() throws Exception {
    rabbit.restart();
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
    return Map.of("connectionString", rabbit.connectionString(), "durable", "true", "deletedWhenUnused", "false",
        "deliveryMode", "2", "requeueInFailure", "true", "publisherConfirm", "true", "reconnectWaitSeconds", "1");
  }
}
