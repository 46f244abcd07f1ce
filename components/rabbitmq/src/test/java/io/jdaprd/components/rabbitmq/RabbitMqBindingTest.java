package io.jdaprd.components.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingReader;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.testkit.bindings.EventLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code bindings.rabbitmq} against a private RabbitMQ node: what it publishes, how it declares its queue, what an
 * event carries, Dapr's metadata errors, and at-least-once delivery across app failures and a broker restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RabbitMqBindingTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private RabbitMqServer server;
  private final List<RabbitMqBinding> opened = new ArrayList<>();

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

  @AfterEach
  void closeBindings() {
    opened.forEach(RabbitMqBinding::close);
    opened.clear();
  }

  @Test
  void createPublishesAPersistentMessageWithDaprsProperties() throws Exception {
    String queue = queue();
    RabbitMqBinding binding = open(Map.of("queueName", queue));
    assertThat(binding.operations()).containsExactly("create");
    Map<String, String> metadata = new HashMap<>();
    metadata.put("contentType", "application/json");
    metadata.put("ttlInSeconds", "60");
    metadata.put("priority", "300");
    metadata.put("messageID", "m-1");
    metadata.put("correlationID", "c-1");
    metadata.put("type", "order");
    metadata.put("custom", "value");
    binding.invoke(new BindingRequest("create", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), metadata));
    binding.invoke(new BindingRequest("create", "plain".getBytes(StandardCharsets.UTF_8), Map.of()));
    GetResponse first = take(queue);
    AMQP.BasicProperties props = first.getProps();
    assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    assertThat(props.getDeliveryMode()).isEqualTo(2);
    assertThat(props.getContentType()).isEqualTo("application/json");
    assertThat(props.getExpiration()).isEqualTo("60000");
    assertThat(props.getPriority()).isEqualTo(255);
    assertThat(props.getMessageId()).isEqualTo("m-1");
    assertThat(props.getCorrelationId()).isEqualTo("c-1");
    assertThat(props.getType()).isEqualTo("order");
    assertThat(props.getHeaders()).containsKeys("custom", "contentType", "ttlInSeconds");
    assertThat(props.getHeaders().get("custom")).hasToString("value");
    GetResponse second = take(queue);
    assertThat(second.getProps().getContentType()).isEqualTo("text/plain");
    assertThat(second.getProps().getExpiration()).isNull();
    assertThatThrownBy(() -> binding.invoke(new BindingRequest("create", null, Map.of("ttl", "soon"))))
        .isInstanceOf(BindingException.class)
        .hasMessage("failed to get TTL: ttl value must be a valid integer: actual is 'soon'");
  }

  @Test
  void theQueueIsDeclaredWithTheComponentsArguments() throws Exception {
    String queue = queue();
    open(Map.of("queueName", queue, "durable", "true", "deleteWhenUnused", "false", "ttl", "90s",
        "maxPriority", "7"));
    String listing = server.control("list_queues", "name", "durable", "auto_delete", "arguments");
    String line = listing.lines().filter(l -> l.startsWith(queue)).findFirst().orElseThrow();
    assertThat(line).contains("true\tfalse").contains("x-max-priority").contains("7").contains("x-message-ttl")
        .contains("90000");
  }

  @Test
  void eventsCarryTheStringHeadersWithEscapedNames() throws Exception {
    String queue = queue();
    RabbitMqBinding binding = open(Map.of("queueName", queue));
    EventLog log = new EventLog();
    try (BindingReader reader = binding.read(log)) {
      Map<String, Object> headers = new HashMap<>();
      headers.put("a b*~", "v1");
      headers.put("plain", "v2");
      headers.put("number", 5);
      publishRaw(queue, "hello", headers);
      assertThat(log.awaitTaken(1, WAIT)).isTrue();
      assertThat(log.taken().get(0).metadata()).isEqualTo(Map.of("a+b%2A~", "v1", "plain", "v2"));
      assertThat(log.taken().get(0).contentType()).isNull();
    }
  }

  @Test
  void metadataErrorsAreDaprs() {
    assertThatThrownBy(() -> init(Map.of("queueName", "q"), false)).isInstanceOf(ComponentException.class)
        .hasMessage("missing host address");
    assertThatThrownBy(() -> init(Map.of(), true)).hasMessage("missing queue Name");
    assertThatThrownBy(() -> init(Map.of("queueName", "q", "ttlInSeconds", "-1"), true))
        .hasMessage("failed to parse TTL: ttl value must be higher than zero: actual is '-1'");
    assertThatThrownBy(() -> init(Map.of("queueName", "q", "maxPriority", "high"), true))
        .hasMessage("can't parse maxPriority field: strconv.ParseUint: parsing \"high\": invalid syntax");
  }

  @Test
  void anUnreachableBrokerFailsInitWithoutThePassword() throws Exception {
    int port = RabbitMqServer.freePort();
    assertThatThrownBy(() -> new RabbitMqBinding().init(new ComponentMetadata("events", RabbitMqBinding.TYPE, "v1",
        "app", Map.of("host", "amqp://guest:pw-s3cret@127.0.0.1:" + port, "queueName", "q"))))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("rabbitmq binding events")
        .hasMessageContaining("127.0.0.1:" + port)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-s3cret"));
  }

  /**
   * At least once: 20 messages published while the app refuses everything keep coming back; the broker restarts
   * while they wait; 10 more are published once the binding is connected again; when the app takes events again,
   * all 30 reach it.
   */
  @Test
  void messagesRefusedAcrossABrokerRestartAreAllDeliveredWhenTheAppRecovers() throws Exception {
    String queue = queue();
    RabbitMqBinding binding = open(Map.of("queueName", queue, "durable", "true", "deleteWhenUnused", "false",
        "prefetchCount", "5", "reconnectWaitInSeconds", "200ms"));
    AtomicBoolean failing = new AtomicBoolean(true);
    EventLog log = new EventLog(event -> {
      if (failing.get()) {
        Thread.sleep(5);
        throw new IllegalStateException("the app is failing");
      }
    });
    List<String> texts = new ArrayList<>();
    try (BindingReader reader = binding.read(log)) {
      for (int i = 0; i < 20; i++) {
        texts.add("before-" + i);
        binding.invoke(new BindingRequest("create", texts.get(i).getBytes(StandardCharsets.UTF_8), Map.of()));
      }
      assertThat(log.awaitAttempts(40, WAIT)).as("refused messages come back").isTrue();
      assertThat(log.takenCount()).isZero();
      server.restart();
      for (int i = 0; i < 10; i++) {
        String text = "after-" + i;
        texts.add(text);
        createWhenConnected(binding, text);
      }
      failing.set(false);
      assertThat(log.awaitTexts(texts, WAIT)).as("taken: %s", log.takenTexts()).isTrue();
    }
    assertThat(take(queue, Duration.ofMillis(300))).as("every message was acknowledged").isNull();
  }

  private static void createWhenConnected(RabbitMqBinding binding, String text) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        binding.invoke(new BindingRequest("create", text.getBytes(StandardCharsets.UTF_8), Map.of()));
        return;
      } catch (BindingException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private RabbitMqBinding open(Map<String, String> properties) throws Exception {
    RabbitMqBinding binding = init(properties, true);
    opened.add(binding);
    return binding;
  }

  private RabbitMqBinding init(Map<String, String> properties, boolean withHost) throws Exception {
    Map<String, String> all = new HashMap<>(properties);
    if (withHost) {
      all.put("host", server.connectionString());
    }
    RabbitMqBinding binding = new RabbitMqBinding();
    binding.init(new ComponentMetadata("events", RabbitMqBinding.TYPE, "v1", "app", all));
    return binding;
  }

  private static String queue() {
    return "binding-" + UUID.randomUUID();
  }

  private Connection connect() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(server.connectionString());
    return factory.newConnection();
  }

  private void publishRaw(String queue, String text, Map<String, Object> headers) throws Exception {
    try (Connection connection = connect(); Channel channel = connection.createChannel()) {
      channel.confirmSelect();
      channel.basicPublish("", queue, true, new AMQP.BasicProperties.Builder().headers(headers).build(),
          text.getBytes(StandardCharsets.UTF_8));
      channel.waitForConfirmsOrDie(10_000);
    }
  }

  private GetResponse take(String queue) throws Exception {
    GetResponse response = take(queue, WAIT);
    assertThat(response).as("a message in " + queue).isNotNull();
    return response;
  }

  private GetResponse take(String queue, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection connection = connect(); Channel channel = connection.createChannel()) {
      while (true) {
        GetResponse response = channel.basicGet(queue, true);
        if (response != null || System.nanoTime() > deadline) {
          return response;
        }
        Thread.sleep(20);
      }
    }
  }
}
