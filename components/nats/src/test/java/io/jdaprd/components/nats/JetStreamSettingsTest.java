package io.jdaprd.components.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dapr's jetstream metadata: defaults, forms, and errors that name the field and the value but no credential. */
class JetStreamSettingsTest {
  private static final String SEED = "SUAELX7XZIRRCNOQKCXQWFN6M3EBKUTBWK6YQKL4QFLKCUQJSEZL7ZCL7KQ";

  @Test
  @DisplayName("defaults are daprd's: deliver all, explicit acks, single concurrency, server defaults for the rest")
  void defaults() throws Exception {
    JetStreamSettings s = settings(Map.of("natsURL", "nats://localhost:4222"));
    assertThat(s.servers()).containsExactly("nats://localhost:4222");
    assertThat(s.connectionName()).isEqualTo("dapr.io - pubsub.jetstream");
    assertThat(s.deliverPolicy()).isEqualTo(DeliverPolicy.All);
    assertThat(s.ackPolicy()).isEqualTo(AckPolicy.Explicit);
    assertThat(s.parallel()).isFalse();
    assertThat(s.ackWait()).isNull();
    assertThat(s.heartbeat()).isNull();
    assertThat(s.backOff()).isEmpty();
    assertThat(s.maxDeliver()).isZero();
    assertThat(s.streamName()).isNull();
    assertThat(s.durableName()).isNull();
    assertThat(s.exclusiveSubscriptions()).isFalse();
    assertThat(s.firstAckWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.redeliveryDelay(1)).as("no ackWait and no backOff: a nak redelivers at once").isNull();
  }

  @Test
  @DisplayName("every documented field is read")
  void everyField() throws Exception {
    Map<String, String> m = new HashMap<>();
    m.put("natsURL", "nats://a:4222, tls://b:4223");
    m.put("name", "orders-app");
    m.put("streamName", "ORDERS");
    m.put("durableName", "orders-durable");
    m.put("queueGroupName", "orders.workers");
    m.put("deliverPolicy", "time");
    m.put("startTime", "1640995200");
    m.put("ackWait", "5s");
    m.put("maxDeliver", "5");
    m.put("backOff", "[1s, 2s, 4s]");
    m.put("maxAckPending", "100");
    m.put("replicas", "3");
    m.put("memoryStorage", "true");
    m.put("rateLimit", "1000");
    m.put("ackPolicy", "all");
    m.put("domain", "hub");
    m.put("concurrency", "parallel");
    JetStreamSettings s = settings(m);
    assertThat(s.servers()).containsExactly("nats://a:4222", "tls://b:4223");
    assertThat(s.connectionName()).isEqualTo("orders-app");
    assertThat(s.streamName()).isEqualTo("ORDERS");
    assertThat(s.durableName()).isEqualTo("orders-durable");
    assertThat(s.queueGroupName()).isEqualTo("orders.workers");
    assertThat(s.deliverPolicy()).isEqualTo(DeliverPolicy.ByStartTime);
    assertThat(s.startTime()).isEqualTo(Instant.ofEpochSecond(1640995200));
    assertThat(s.ackWait()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.maxDeliver()).isEqualTo(5);
    assertThat(s.backOff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(s.maxAckPending()).isEqualTo(100);
    assertThat(s.replicas()).isEqualTo(3);
    assertThat(s.memoryStorage()).isTrue();
    assertThat(s.rateLimit()).isEqualTo(1000);
    assertThat(s.ackPolicy()).isEqualTo(AckPolicy.All);
    assertThat(s.domain()).isEqualTo("hub");
    assertThat(s.parallel()).isTrue();
    assertThat(s.firstAckWait()).as("the first backOff delay is the first ack wait").isEqualTo(Duration.ofSeconds(1));
    assertThat(s.redeliveryDelay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.redeliveryDelay(9)).as("the last backOff delay repeats").isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  @DisplayName("durations are Go durations or plain seconds, as daprd reads them; ackWait is the nak delay")
  void durations() throws Exception {
    JetStreamSettings s = settings(Map.of("natsURL", "localhost", "ackWait", "90", "heartbeat", "1500ms",
        "flowControl", "true", "deliverPolicy", "sequence", "startSequence", "42"));
    assertThat(s.ackWait()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.heartbeat()).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.flowControl()).isTrue();
    assertThat(s.exclusiveSubscriptions()).isTrue();
    assertThat(s.startSequence()).isEqualTo(42);
    assertThat(s.redeliveryDelay(1)).isEqualTo(Duration.ofSeconds(90));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "natsURL|http://h:4222|metadata natsURL: http://h:4222 (expected: nats://host:port",
      "natsURL|nats://a b|metadata natsURL: nats://a b (expected",
      "natsURL|nats://h:99999|metadata natsURL: nats://h:99999 (expected",
      "deliverPolicy|first|metadata deliverPolicy: first (expected: all, last, new, sequence or time)",
      "ackPolicy|some|metadata ackPolicy: some (expected: explicit, all or none)",
      "concurrency|many|metadata concurrency: many (expected: single or parallel)",
      "ackWait|soon|metadata ackWait: soon (expected: a duration",
      "heartbeat|-1s|metadata heartbeat: -1s (expected: a duration",
      "backOff|1s,later|metadata backOff: 1s,later (expected: a comma-separated list of durations",
      "maxDeliver|-2|metadata maxDeliver: -2 (expected: a positive integer, or -1 for unlimited)",
      "maxDeliver|five|metadata maxDeliver: five (expected: an integer)",
      "maxAckPending|-5|metadata maxAckPending: -5 (expected: a positive integer, or -1 for unlimited)",
      "replicas|7|metadata replicas: 7 (expected: 0 (the default) to 5)",
      "rateLimit|-1|metadata rateLimit: -1 (expected: an integer of 0 or more)",
      "startSequence|3|metadata startSequence: 3 (expected: unset unless deliverPolicy is sequence)",
      "startTime|yesterday|metadata startTime: yesterday (expected: an integer of 0 or more)",
      "streamName|orders.v1|metadata streamName: orders.v1 (expected: a name without whitespace",
      "durableName|my durable|metadata durableName: my durable (expected: a name without whitespace",
      "queueGroupName|workers.*|metadata queueGroupName: workers.* (expected: a queue group name",
      "memoryStorage|perhaps|metadata memoryStorage: perhaps (expected: true or false)",
      "flowControl|true|metadata flowControl: true (expected: false unless heartbeat is set"})
  @DisplayName("a bad value is refused, naming the field and the value")
  void badValues(String key, String value, String message) {
    Map<String, String> m = new HashMap<>(Map.of("natsURL", "nats://h:4222"));
    m.put(key, value);
    assertThatThrownBy(() -> settings(m)).isInstanceOf(ComponentException.class)
        .hasMessageStartingWith("component pubsub (pubsub.jetstream): ").hasMessageContaining(message);
  }

  @Test
  @DisplayName("missing or contradictory fields are refused with what is needed")
  void missingOrContradictory() {
    assertThatThrownBy(() -> settings(Map.of())).hasMessageContaining("metadata natsURL is required");
    assertThatThrownBy(() -> settings(Map.of("natsURL", "h", "jwt", "eyJ")))
        .hasMessageContaining("metadata seedKey is required when jwt is set");
    assertThatThrownBy(() -> settings(Map.of("natsURL", "h", "seedKey", SEED)))
        .hasMessageContaining("metadata jwt is required when seedKey is set").hasMessageNotContaining(SEED);
    assertThatThrownBy(() -> settings(Map.of("natsURL", "h", "tls_client_cert", "/etc/cert.pem")))
        .hasMessageContaining("metadata tls_client_key is required when tls_client_cert is set");
    assertThatThrownBy(() -> settings(Map.of("natsURL", "h", "tls_client_key", "-----BEGIN PRIVATE KEY-----x")))
        .hasMessageContaining("metadata tls_client_cert is required when tls_client_key is set")
        .hasMessageNotContaining("BEGIN");
    assertThatThrownBy(() -> settings(Map.of("natsURL", "h", "deliverPolicy", "sequence")))
        .hasMessageContaining("metadata startSequence is required when deliverPolicy is sequence");
    assertThatThrownBy(() -> settings(Map.of("natsURL", "h", "deliverPolicy", "time")))
        .hasMessageContaining("metadata startTime is required when deliverPolicy is time");
    assertThatThrownBy(() -> settings(Map.of("natsURL", "h", "queueGroupName", "q", "heartbeat", "5s")))
        .hasMessageContaining("metadata queueGroupName: q (expected: unset when flowControl or heartbeat is set");
    assertThatThrownBy(() -> settings(Map.of("natsURL", "h", "backOff", "1s,2s", "maxDeliver", "2")))
        .hasMessageContaining("metadata maxDeliver: 2 (expected: more than the 2 backOff delays");
    assertThatThrownBy(() -> settings(Map.of("natsURL", "h", "domain", "hub", "apiPrefix", "$JS.hub.API")))
        .hasMessageContaining("metadata apiPrefix: $JS.hub.API (expected: unset when domain is set");
  }

  @Test
  @DisplayName("a password in natsURL, the token, the seed and the JWT never show in messages or toString")
  void noSecretsShown() throws Exception {
    assertThatThrownBy(() -> settings(Map.of("natsURL", "http://user:hunter2@h:4222")))
        .hasMessageContaining("http://user:****@h:4222").hasMessageNotContaining("hunter2");
    JetStreamSettings s = settings(Map.of("natsURL", "nats://user:hunter2@h:4222", "token", "t0ken-value",
        "jwt", "eyJhbGciOiJlZDI1NTE5In0.payload", "seedKey", SEED));
    assertThat(s.serverText()).isEqualTo("nats://user:****@h:4222");
    assertThat(s.toString()).doesNotContain("hunter2", "t0ken-value", "eyJhbGci", SEED).contains("auth=jwt");
    assertThat(s.scrub("auth t0ken-value with " + SEED + " at nats://user:hunter2@h:4222 failed"))
        .isEqualTo("auth **** with **** at nats://user:****@h:4222 failed");
    assertThat(JetStreamSettings.redactUserInfo("nats://s3cr3t@h:4222")).isEqualTo("nats://****@h:4222");
  }

  @Test
  @DisplayName("stream and consumer names derived from topics are valid, readable and distinct")
  void derivedNames() throws Exception {
    assertThat(StreamCatalog.derivedStreamName("orders")).isEqualTo("orders");
    String dotted = StreamCatalog.derivedStreamName("orders.new");
    assertThat(dotted).startsWith("orders_new_").doesNotContain(".");
    assertThat(StreamCatalog.derivedStreamName("orders_new")).isNotEqualTo(dotted);
    assertThat(StreamCatalog.derivedStreamName("x".repeat(300))).hasSizeLessThanOrEqualTo(200);
    ConsumerPlans plans = new ConsumerPlans(settings(Map.of("natsURL", "h")), "_INBOX.");
    assertThat(plans.consumerName("app", "orders")).isEqualTo("app__orders");
    assertThat(plans.queueGroup("app__orders")).isEqualTo("app__orders");
    assertThat(plans.deliverSubject("orders", "app__orders")).isEqualTo("_INBOX.jdaprd.orders.app__orders");
    ConsumerPlans named = new ConsumerPlans(settings(Map.of("natsURL", "h", "durableName", "d",
        "queueGroupName", "q")), "_INBOX");
    assertThat(named.consumerName("app", "orders")).isEqualTo("d");
    assertThat(named.queueGroup("d")).isEqualTo("q");
  }

  @Test
  @DisplayName("the CloudEvent id becomes the message id; other payloads have none")
  void cloudEventIds() {
    assertThat(JetStreamPubSub.cloudEventId(" {\"id\":\"e-1\",\"specversion\":\"1.0\"}".getBytes()))
        .isEqualTo("e-1");
    assertThat(JetStreamPubSub.cloudEventId("{\"id\":7}".getBytes())).isNull();
    assertThat(JetStreamPubSub.cloudEventId("{broken".getBytes())).isNull();
    assertThat(JetStreamPubSub.cloudEventId("plain text".getBytes())).isNull();
    assertThat(JetStreamPubSub.cloudEventId(new byte[0])).isNull();
  }

  private static JetStreamSettings settings(Map<String, String> properties) throws ComponentException {
    return JetStreamSettings.from(new ComponentMetadata("pubsub", JetStreamPubSub.TYPE, "v1", "app", properties));
  }
}
