package io.jdaprd.components.kafka;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.testkit.bindings.InputBindingConformance;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The input binding conformance suite on {@code bindings.kafka} against a private broker: events are records put
 * into the binding's topic by a producer of the test's own; each check reads a topic of its own, with
 * {@code consumeRetryEnabled} so that a refused event comes back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaInputBindingTest extends InputBindingConformance {
  private KafkaServer server;
  private KafkaProducer<byte[], byte[]> producer;
  private String topic;

  @BeforeAll
  void startServer() throws Exception {
    server = KafkaServer.start();
    producer = new KafkaProducer<>(Map.of("bootstrap.servers", server.brokers(), "linger.ms", 0,
        "max.block.ms", 5000, "request.timeout.ms", 5000, "delivery.timeout.ms", 10000),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterAll
  void stopServer() {
    if (producer != null) {
      producer.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected InputBinding createBinding(ComponentMetadata metadata) {
    return new KafkaBinding();
  }

  @Override
  protected Map<String, String> bindingMetadata() {
    topic = "input-" + UUID.randomUUID();
    return Map.of("brokers", server.brokers(), "authType", "none", "topics", topic, "consumerGroup",
        "group-" + topic, "consumeRetryEnabled", "true", "consumeRetryInterval", "200ms", "heartbeatInterval",
        "300ms");
  }

  @Override
  protected String bindingType() {
    return KafkaBinding.TYPE;
  }

  @Override
  protected void emit(byte[] data) throws Exception {
    producer.send(new ProducerRecord<>(topic, data)).get(15, TimeUnit.SECONDS);
  }

  @Override
  protected boolean redelivers() {
    return true;
  }

  @Override
  protected Duration redeliveryTimeout() {
    return Duration.ofSeconds(5);
  }

  @Override
  protected Set<String> expectedMetadataKeys() {
    return Set.of("__topic", "__partition", "__offset", "__timestamp");
  }

  @Override
  protected void restartBackend() throws Exception {
    server.restart();
  }
}
