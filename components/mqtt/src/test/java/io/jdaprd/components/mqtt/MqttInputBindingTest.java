package io.jdaprd.components.mqtt;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.testkit.bindings.InputBindingConformance;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The input binding conformance suite for bindings.mqtt3 against a private mosquitto with persistence. Every check
 * gets its own topic and consumer id, so that the persistent session of one check (daprd's default
 * {@code cleanSession: false}) never hands its queued messages to the next. With {@code backOffMaxRetries: -1} a
 * refused event is offered again every 5 s; the component handles events concurrently, as daprd's does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttInputBindingTest extends InputBindingConformance {
  private MosquittoServer server;
  private String topic;
  private String consumer;

  @BeforeAll
  void startServer() throws Exception {
    server = MosquittoServer.start();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void forgetTopic() {
    topic = null;
  }

  @Override
  protected InputBinding createBinding(ComponentMetadata metadata) {
    return new MqttBinding();
  }

  @Override
  protected Map<String, String> bindingMetadata() {
    if (topic == null) {
      String unique = UUID.randomUUID().toString().substring(0, 8);
      topic = "conformance-in/" + unique;
      consumer = "reader-" + unique;
    }
    return Map.of("url", server.url(), "topic", topic, "consumerID", consumer, "backOffMaxRetries", "-1");
  }

  @Override
  protected String bindingType() {
    return MqttBinding.TYPE;
  }

  @Override
  protected void emit(byte[] data) throws Exception {
    TestClient.publish(server.url(), topic, data);
  }

  @Override
  protected boolean redelivers() {
    return true;
  }

  @Override
  protected Duration redeliveryTimeout() {
    return MqttBinding.RETRY_INTERVAL.plusSeconds(10);
  }

  @Override
  protected boolean deliversOneAtATime() {
    return false;
  }

  @Override
  protected Set<String> expectedMetadataKeys() {
    return Set.of("topic");
  }

  @Override
  protected void restartBackend() throws Exception {
    server.restart();
  }
}
