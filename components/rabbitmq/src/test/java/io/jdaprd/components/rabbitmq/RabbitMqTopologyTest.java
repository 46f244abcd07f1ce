package io.jdaprd.components.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import io.jdaprd.spi.testkit.pubsub.Inbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The broker layout of pubsub.rabbitmq is daprd's, so that both share a broker: exchange and queue names, flags and
 * arguments as the broker lists them, declarations that daprd repeats without conflict, dead-lettering, and the
 * AMQP properties of published messages. A plain amqp-client connection plays daprd's part.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RabbitMqTopologyTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private RabbitMqServer server;
  private Connection raw;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeAll
  void startServer() throws Exception {
    server = RabbitMqServer.start();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(server.connectionString());
    raw = factory.newConnection();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (raw != null) {
      raw.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void closeOpened() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
  }

  private RabbitMqPubSub pubSub(Map<String, String> extra) throws Exception {
    Map<String, String> properties = new HashMap<>(extra);
    properties.put("connectionString", server.connectionString());
    RabbitMqPubSub pubSub = new RabbitMqPubSub();
    opened.add(pubSub);
    pubSub.init(new ComponentMetadata("events", RabbitMqPubSub.TYPE, "v1", "orders", properties));
    return pubSub;
  }

  private Subscription subscribe(RabbitMqPubSub pubSub, String topic, Map<String, String> metadata, Inbox inbox)
      throws PubSubException {
    Subscription subscription = pubSub.subscribe(new SubscribeRequest(topic, metadata), inbox);
    opened.add(subscription);
    return subscription;
  }

  private static String topic() {
    return "topology-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The lines of a {@code rabbitmqctl list_*} listing that start with {@code name} and a tab. */
  private String listed(String listing, String name) throws Exception {
    return server.control(listing.split(" ")).lines().filter(l -> l.startsWith(name + "\t"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  @Test
  @DisplayName("with Dapr's defaults: exchange <topic> (fanout, durable, auto-delete), queue <appId>-<topic>")
  void defaultLayout() throws Exception {
    String topic = topic();
    subscribe(pubSub(Map.of()), topic, Map.of(), new Inbox());
    assertThat(listed("list_exchanges name type durable auto_delete", topic))
        .isEqualTo(topic + "\tfanout\ttrue\ttrue\n");
    String queue = "orders-" + topic;
    assertThat(listed("list_queues name durable auto_delete arguments", queue))
        .startsWith(queue + "\ttrue\ttrue\t").contains("x-queue-type").contains("classic")
        .doesNotContain("x-dead-letter-exchange");
    assertThat(listed("list_bindings source_name destination_name routing_key", topic))
        .isEqualTo(topic + "\t" + queue + "\t\n");
  }

  @Test
  @DisplayName("daprd declaring the same exchange and queue again is accepted (same flags and arguments)")
  void daprdRedeclaresWithoutConflict() throws Exception {
    String topic = topic();
    subscribe(pubSub(Map.of()), topic, Map.of(), new Inbox());
    try (Channel channel = raw.createChannel()) {
      channel.exchangeDeclare(topic, "fanout", true, true, false, null);
      channel.queueDeclare("orders-" + topic, true, false, true, Map.of("x-queue-type", "classic"));
    }
    String other = topic();
    try (Channel channel = raw.createChannel()) {
      channel.exchangeDeclare(other, "fanout", true, true, false, null);
      channel.queueDeclare("orders-" + other, true, false, true, Map.of("x-queue-type", "classic"));
      channel.queueBind("orders-" + other, other, "");
    }
    Inbox inbox = new Inbox();
    subscribe(pubSub(Map.of()), other, Map.of(), inbox);
    try (Channel channel = raw.createChannel()) {
      channel.basicPublish(other, "", new AMQP.BasicProperties.Builder().contentType("text/plain").build(),
          "from daprd".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(inbox.awaitTexts(Set.of("from daprd"), WAIT))
        .as("jdaprd joins the queue daprd declared and gets what daprd publishes").isTrue();
  }

  @Test
  @DisplayName("a queue declared with other flags is refused with the broker's reason and the queue name")
  void conflictingQueueIsReported() throws Exception {
    String topic = topic();
    try (Channel channel = raw.createChannel()) {
      channel.queueDeclare("orders-" + topic, false, false, false, null);
    }
    RabbitMqPubSub pubSub = pubSub(Map.of());
    assertThatThrownBy(() -> subscribe(pubSub, topic, Map.of(), new Inbox()))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("component events (pubsub.rabbitmq): subscribing queue orders-" + topic)
        .hasMessageContaining("PRECONDITION_FAILED")
        .hasMessageNotContaining("guest:guest");
    pubSub.publish(new PublishRequest(topic, "still works".getBytes(StandardCharsets.UTF_8), "text/plain",
        Map.of()));
  }

  @Test
  @DisplayName("consumerID: subscription metadata, else component metadata, else app id; queueName wins")
  void queueNames() throws Exception {
    String topic = topic();
    subscribe(pubSub(Map.of()), topic, Map.of("consumerID", "billing"), new Inbox());
    subscribe(pubSub(Map.of("consumerID", "shipping")), topic, Map.of(), new Inbox());
    subscribe(pubSub(Map.of()), topic, Map.of("queueName", "custom-" + topic), new Inbox());
    String bindings = listed("list_bindings source_name destination_name routing_key", topic);
    assertThat(bindings).contains(topic + "\tbilling-" + topic + "\t\n", topic + "\tshipping-" + topic + "\t\n",
        topic + "\tcustom-" + topic + "\t\n");
  }

  @Test
  @DisplayName("enableDeadLetter: dlx-<queue> and dlq-<queue>; a failed message is dead-lettered, not requeued")
  void deadLetters() throws Exception {
    String topic = topic();
    String queue = "orders-" + topic;
    RabbitMqPubSub pubSub = pubSub(Map.of("enableDeadLetter", "true", "maxLen", "100"));
    Inbox inbox = new Inbox(message -> {
      throw new IllegalStateException("test: fails on purpose");
    });
    subscribe(pubSub, topic, Map.of(), inbox);
    assertThat(listed("list_exchanges name type durable auto_delete", "dlx-" + queue))
        .isEqualTo("dlx-" + queue + "\tfanout\ttrue\ttrue\n");
    assertThat(listed("list_queues name durable auto_delete arguments", queue))
        .contains("x-dead-letter-exchange").contains("dlx-" + queue).contains("x-max-length").contains("100");
    assertThat(listed("list_queues name durable auto_delete arguments", "dlq-" + queue))
        .startsWith("dlq-" + queue + "\ttrue\ttrue\t").contains("x-queue-mode").contains("lazy")
        .contains("x-max-length");
    pubSub.publish(new PublishRequest(topic, "doomed".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of()));
    assertThat(inbox.awaitAttempts(1, WAIT)).isTrue();
    GetResponse dead = awaitMessage("dlq-" + queue);
    assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("doomed");
    Thread.sleep(300);
    assertThat(inbox.attempts()).as("requeueInFailure defaults to false: no second attempt").hasSize(1);
  }

  @Test
  @DisplayName("published messages carry content type, delivery mode, expiration, priority and ids")
  void publishedProperties() throws Exception {
    String topic = topic();
    String queue = "inspect-" + topic;
    RabbitMqPubSub pubSub = pubSub(Map.of("deliveryMode", "2", "ttlInSeconds", "120"));
    pubSub.publish(new PublishRequest(topic, new byte[0], "text/plain", Map.of()));
    try (Channel channel = raw.createChannel()) {
      channel.queueDeclare(queue, false, false, true, null);
      channel.queueBind(queue, topic, "");
    }
    pubSub.publish(new PublishRequest(topic, "{}".getBytes(StandardCharsets.UTF_8), "application/cloudevents+json",
        Map.of("ttlInSeconds", "60", "priority", "3", "messageID", "m-1", "correlationID", "c-1")));
    pubSub.publish(new PublishRequest(topic, "x".getBytes(StandardCharsets.UTF_8), null, Map.of()));
    AMQP.BasicProperties first = awaitMessage(queue).getProps();
    assertThat(first.getContentType()).isEqualTo("application/cloudevents+json");
    assertThat(first.getDeliveryMode()).isEqualTo(2);
    assertThat(first.getExpiration()).as("ttlInSeconds 60 is 60000 ms").isEqualTo("60000");
    assertThat(first.getPriority()).isEqualTo(3);
    assertThat(first.getMessageId()).isEqualTo("m-1");
    assertThat(first.getCorrelationId()).isEqualTo("c-1");
    AMQP.BasicProperties second = awaitMessage(queue).getProps();
    assertThat(second.getContentType()).as("Dapr's default content type").isEqualTo("text/plain");
    assertThat(second.getExpiration()).as("the component's ttlInSeconds").isEqualTo("120000");
    assertThatThrownBy(() -> pubSub.publish(new PublishRequest(topic, new byte[0], "text/plain",
        Map.of("ttlInSeconds", "soon"))))
        .hasMessageContaining("publish metadata ttlInSeconds of topic " + topic + ": soon (expected: ");
  }

  @Test
  @DisplayName("exchangeKind direct with routingKey: only the subscription bound with the key gets the message")
  void routingKeys() throws Exception {
    String topic = topic();
    RabbitMqPubSub pubSub = pubSub(Map.of("exchangeKind", "direct"));
    Inbox red = new Inbox();
    Inbox blue = new Inbox();
    subscribe(pubSub, topic, Map.of("consumerID", "red", "routingKey", "red,crimson"), red);
    subscribe(pubSub, topic, Map.of("consumerID", "blue", "routingKey", "blue"), blue);
    pubSub.publish(new PublishRequest(topic, "to red".getBytes(StandardCharsets.UTF_8), "text/plain",
        Map.of("routingKey", "crimson")));
    pubSub.publish(new PublishRequest(topic, "to blue".getBytes(StandardCharsets.UTF_8), "text/plain",
        Map.of("routingKey", "blue")));
    assertThat(red.awaitTexts(Set.of("to red"), WAIT)).isTrue();
    assertThat(blue.awaitTexts(Set.of("to blue"), WAIT)).isTrue();
    Thread.sleep(300);
    assertThat(red.texts()).containsExactly("to red");
    assertThat(blue.texts()).containsExactly("to blue");
  }

  @Test
  @DisplayName("a bad subscription queueType is refused before anything is declared")
  void badQueueType() throws Exception {
    RabbitMqPubSub pubSub = pubSub(Map.of());
    assertThatThrownBy(() -> subscribe(pubSub, topic(), Map.of("queueType", "stream"), new Inbox()))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("subscription metadata queueType: stream (expected: classic or quorum)");
  }

  private GetResponse awaitMessage(String queue) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    try (Channel channel = raw.createChannel()) {
      while (System.nanoTime() < deadline) {
        GetResponse response = channel.basicGet(queue, true);
        if (response != null) {
          return response;
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("no message in queue " + queue + " within " + WAIT);
  }
}
