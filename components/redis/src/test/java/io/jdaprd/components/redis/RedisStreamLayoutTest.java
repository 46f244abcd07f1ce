package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.testkit.pubsub.Inbox;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The stream layout is daprd's: what jdaprd publishes is an entry daprd reads ({@code data} and {@code metadata}
 * fields, metadata as Go writes JSON), what daprd wrote (written here raw) is what jdaprd delivers, and the consumer
 * group and consumer are named after the consumer id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisStreamLayoutTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private RedisServer server;
  private RedisClient rawClient;
  private StatefulRedisConnection<String, byte[]> rawConnection;
  private StatefulRedisConnection<String, String> textConnection;
  private RedisCommands<String, byte[]> raw;
  private RedisPubSub pubSub;

  @BeforeAll
  void start() throws Exception {
    server = RedisServer.start();
    rawClient = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
    rawConnection = rawClient.connect(RedisLink.CODEC);
    textConnection = rawClient.connect();
    raw = rawConnection.sync();
    textConnection.sync().configSet("stream-node-max-entries", "1");
  }

  @AfterAll
  void stop() throws Exception {
    if (rawConnection != null) {
      rawConnection.close();
      textConnection.close();
      rawClient.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void closePubSub() {
    if (pubSub != null) {
      pubSub.close();
      pubSub = null;
    }
  }

  @Test
  @DisplayName("a publish is one entry: data (the exact bytes), then metadata as Go's json.Marshal writes it")
  void publishWritesDaprdsEntry() throws Exception {
    open(Map.of());
    String topic = topic();
    byte[] data = {(byte) 0xff, 0, '"', '\n', (byte) 0x80};
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("rawPayload", "true");
    metadata.put("note", "<a & b>\u2028\"é\"");
    metadata.put("Z", "upper case sorts first");
    pubSub.publish(new PublishRequest(topic, data, "application/octet-stream", metadata));

    List<StreamMessage<String, byte[]>> entries = raw.xrange(topic, Range.unbounded());
    assertThat(entries).hasSize(1);
    Map<String, byte[]> fields = entries.get(0).getBody();
    assertThat(fields.keySet()).as("daprd's fields, no content type").containsExactly("data", "metadata");
    assertThat(fields.get("data")).isEqualTo(data);
    assertThat(utf8(fields.get("metadata"))).as("keys in byte order; <, >, &, U+2028 escaped as Go does")
        .isEqualTo("{\"Z\":\"upper case sorts first\",\"note\":\"\\u003ca \\u0026 b\\u003e\\u2028\\\"é\\\"\","
            + "\"rawPayload\":\"true\"}");
  }

  @Test
  @DisplayName("a publish without metadata writes metadata {} (as daprd's HTTP API does)")
  void emptyMetadata() throws Exception {
    open(Map.of());
    String topic = topic();
    pubSub.publish(new PublishRequest(topic, bytes("x"), "text/plain", Map.of()));
    assertThat(utf8(raw.xrange(topic, Range.unbounded()).get(0).getBody().get("metadata"))).isEqualTo("{}");
  }

  @Test
  @DisplayName("entries written as daprd writes them are delivered with their data and metadata")
  void deliversWhatDaprdWrote() throws Exception {
    open(Map.of());
    String topic = topic();
    Map<String, byte[]> withMetadata = new LinkedHashMap<>();
    withMetadata.put("metadata", bytes("{\"rawPayload\":\"true\",\"note\":\"\\u003c\\ud83d\\udce8\\u003e\"}"));
    withMetadata.put("data", bytes("{\"from\":\"daprd\"}"));
    raw.xadd(topic, withMetadata);
    raw.xadd(topic, Map.of("data", bytes("no metadata field (a gRPC publish without metadata)")));
    Inbox inbox = new Inbox();
    pubSub.subscribe(new SubscribeRequest(topic, Map.of("consumerID", "reader")), inbox);
    assertThat(inbox.awaitDeliveries(2, WAIT)).isTrue();
    Message first = inbox.deliveries().stream().filter(m -> Inbox.text(m).contains("daprd")).findFirst()
        .orElseThrow();
    assertThat(Inbox.text(first)).isEqualTo("{\"from\":\"daprd\"}");
    assertThat(first.topic()).isEqualTo(topic);
    assertThat(first.contentType()).as("daprd keeps no content type in the stream").isNull();
    assertThat(first.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("rawPayload", "true", "note", "<📨>"));
    Message second = inbox.deliveries().stream().filter(m -> m != first).findFirst().orElseThrow();
    assertThat(second.metadata()).isEmpty();
  }

  @Test
  @DisplayName("the consumer group and the consumer are both named after the consumer id, as daprd names them")
  void groupAndConsumerNames() throws Exception {
    open(Map.of("consumerID", "component-group"));
    String topic = topic();
    Inbox inbox = new Inbox();
    pubSub.subscribe(new SubscribeRequest(topic, Map.of("consumerID", "orders-app")), inbox);
    pubSub.publish(new PublishRequest(topic, bytes("hello"), "text/plain", Map.of()));
    assertThat(inbox.awaitDeliveries(1, WAIT)).isTrue();
    List<Object> consumers = textConnection.sync().xinfoConsumers(topic, "orders-app");
    assertThat(consumers).hasSize(1);
    assertThat(String.valueOf(consumers.get(0))).contains("name, orders-app");
  }

  @Test
  @DisplayName("maxLenApprox trims the stream at publish (XADD MAXLEN ~); a publish's own value overrides it")
  void maxLenApprox() throws Exception {
    open(Map.of("maxLenApprox", "5"));
    String topic = topic();
    for (int i = 0; i < 20; i++) {
      pubSub.publish(new PublishRequest(topic, bytes("m-" + i), "text/plain", Map.of()));
    }
    assertThat(raw.xlen(topic)).as("with one entry per stream node, MAXLEN ~ 5 keeps 5").isEqualTo(5);
    pubSub.publish(new PublishRequest(topic, bytes("last"), "text/plain", Map.of("MaxLenApprox", "2")));
    assertThat(raw.xlen(topic)).isEqualTo(2);
    assertThatThrownBy(() -> pubSub.publish(new PublishRequest(topic, bytes("x"), "text/plain",
        Map.of("maxLenApprox", "many")))).isInstanceOf(PubSubException.class)
        .hasMessage("maxLenApprox: many (expected: a whole number of entries, 0 or more)");
  }

  @Test
  @DisplayName("streamTTL trims entries older than it at publish (XADD MINID ~ <now - ttl>-1)")
  void streamTtl() throws Exception {
    open(Map.of("streamTTL", "1h"));
    String topic = topic();
    raw.xadd(topic, new XAddArgs().id("1000-0"), Map.of("data", bytes("ancient")));
    raw.xadd(topic, new XAddArgs().id("2000-0"), Map.of("data", bytes("ancient too")));
    pubSub.publish(new PublishRequest(topic, bytes("fresh"), "text/plain", Map.of()));
    List<StreamMessage<String, byte[]>> entries = raw.xrange(topic, Range.unbounded());
    assertThat(entries).extracting(e -> utf8(e.getBody().get("data"))).containsExactly("fresh");
  }

  private void open(Map<String, String> extra) throws Exception {
    Map<String, String> metadata = new HashMap<>(extra);
    metadata.put("redisHost", server.address());
    pubSub = new RedisPubSub();
    pubSub.init(new ComponentMetadata("pubsub", RedisPubSub.TYPE, "v1", "layoutapp", metadata));
  }

  private static String topic() {
    return "layout-" + UUID.randomUUID();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String utf8(byte[] data) {
    return new String(data, StandardCharsets.UTF_8);
  }
}
