package io.jdaprd.components.kafka;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.OutputBinding;
import io.jdaprd.spi.testkit.bindings.OutputBindingConformance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The output binding conformance suite on {@code bindings.kafka} against a private broker: {@code create} with the
 * key as {@code partitionKey}; the test reads the topic from its start with a consumer of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaOutputBindingTest extends OutputBindingConformance {
  private static final String TOPIC = "output-binding";
  private final Map<String, byte[]> seen = new ConcurrentHashMap<>();
  private KafkaServer server;
  private KafkaConsumer<byte[], byte[]> consumer;

  @BeforeAll
  void startServer() throws Exception {
    server = KafkaServer.start();
    consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", server.brokers()), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  @AfterAll
  void stopServer() {
    if (consumer != null) {
      consumer.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected OutputBinding createBinding(ComponentMetadata metadata) {
    return new KafkaBinding();
  }

  @Override
  protected Map<String, String> bindingMetadata() {
    return Map.of("brokers", server.brokers(), "authType", "none", "publishTopic", TOPIC);
  }

  @Override
  protected String bindingType() {
    return KafkaBinding.TYPE;
  }

  @Override
  protected List<String> expectedOperations() {
    return List.of("create");
  }

  @Override
  protected BindingRequest deliveryRequest(String key, byte[] data) {
    return new BindingRequest("create", data, Map.of("partitionKey", key));
  }

  /** A partition the one-partition topic does not have. */
  @Override
  protected BindingRequest failingRequest() {
    return new BindingRequest("create", "lost".getBytes(StandardCharsets.UTF_8), Map.of("partitionNumber", "7"));
  }

  @Override
  protected synchronized byte[] awaitDelivered(String key, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    TopicPartition partition = new TopicPartition(TOPIC, 0);
    if (consumer.assignment().isEmpty()) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
    }
    while (!seen.containsKey(key) && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        if (r.key() != null) {
          seen.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
        }
      }
    }
    return seen.get(key);
  }
}
