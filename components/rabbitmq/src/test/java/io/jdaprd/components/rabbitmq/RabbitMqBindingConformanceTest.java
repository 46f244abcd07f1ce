package io.jdaprd.components.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.bindings.OutputBinding;
import io.jdaprd.spi.testkit.bindings.InputBindingConformance;
import io.jdaprd.spi.testkit.bindings.OutputBindingConformance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The output and input binding conformance suites for {@code bindings.rabbitmq} against one private RabbitMQ node,
 * each check on a queue of its own (durable and kept when unused, so that it outlives a broker restart).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RabbitMqBindingConformanceTest {
  private RabbitMqServer server;
  private volatile String queue;

  /** A new queue name before each check, ahead of the suites' own {@code @BeforeEach}. */
  @RegisterExtension
  final BeforeEachCallback newQueue = context -> queue = "conformance-" + UUID.randomUUID();

  @BeforeAll
  void startServer() throws Exception {
    server = RabbitMqServer.start();
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private Map<String, String> metadata() {
    return Map.of("host", server.connectionString(), "queueName", queue, "durable", "true",
        "deleteWhenUnused", "false", "reconnectWaitInSeconds", "200ms");
  }

  private Connection connect() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(server.connectionString());
    return factory.newConnection();
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Output extends OutputBindingConformance {
    private final Map<String, byte[]> received = new ConcurrentHashMap<>();

    @Override
    protected OutputBinding createBinding(ComponentMetadata metadata) {
      return new RabbitMqBinding();
    }

    @Override
    protected Map<String, String> bindingMetadata() {
      return metadata();
    }

    @Override
    protected String bindingType() {
      return RabbitMqBinding.TYPE;
    }

    @Override
    protected List<String> expectedOperations() {
      return List.of("create");
    }

    @Override
    protected BindingRequest deliveryRequest(String key, byte[] data) {
      return new BindingRequest("create", data, Map.of("key", key));
    }

    /** Takes every message from the queue, keeping each under its {@code key} header, until {@code key}'s came. */
    @Override
    protected byte[] awaitDelivered(String key, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      try (Connection connection = connect(); Channel channel = connection.createChannel()) {
        while (!received.containsKey(key) && System.nanoTime() < deadline) {
          GetResponse message = channel.basicGet(queue, true);
          if (message == null) {
            Thread.sleep(20);
            continue;
          }
          Object header = message.getProps().getHeaders().get("key");
          received.put(String.valueOf(header), message.getBody());
        }
      }
      return received.get(key);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Input extends InputBindingConformance {
    @Override
    protected InputBinding createBinding(ComponentMetadata metadata) {
      return new RabbitMqBinding();
    }

    @Override
    protected Map<String, String> bindingMetadata() {
      return metadata();
    }

    @Override
    protected String bindingType() {
      return RabbitMqBinding.TYPE;
    }

    @Override
    protected void emit(byte[] data) throws Exception {
      try (Connection connection = connect(); Channel channel = connection.createChannel()) {
        channel.confirmSelect();
        channel.basicPublish("", queue, true, new AMQP.BasicProperties.Builder().deliveryMode(2).build(), data);
        channel.waitForConfirmsOrDie(10_000);
      }
    }

    @Override
    protected boolean redelivers() {
      return true;
    }

    @Override
    protected void restartBackend() throws Exception {
      server.restart();
    }
  }
}
