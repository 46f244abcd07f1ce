package io.jdaprd.components.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How pubsub.rabbitmq reads its metadata: Dapr's names and defaults, and a clear message for every bad value. */
class RabbitMqSettingsTest {
  private static final String SECRET = "s3cr3t-Pa55";

  private static ComponentMetadata metadata(Map<String, String> properties) {
    return new ComponentMetadata("events", RabbitMqPubSub.TYPE, "v1", "orders", properties);
  }

  private static RabbitMqSettings settings(Map<String, String> properties) throws ComponentException {
    return RabbitMqSettings.from(metadata(properties));
  }

  @Test
  @DisplayName("the defaults are daprd's: durable, deleted when unused, manual ack, no requeue, fanout, 3 s")
  void defaults() throws Exception {
    RabbitMqSettings s = settings(Map.of("connectionString", "amqp://localhost:5672"));
    assertThat(s.consumerId()).as("consumerID defaults to the app id").isEqualTo("orders");
    assertThat(s.durable()).as("daprd's code defaults durable to true").isTrue();
    assertThat(s.deleteWhenUnused()).isTrue();
    assertThat(s.autoAck()).isFalse();
    assertThat(s.requeueInFailure()).isFalse();
    assertThat(s.deliveryMode()).isZero();
    assertThat(s.prefetchCount()).isZero();
    assertThat(s.exchangeKind()).isEqualTo("fanout");
    assertThat(s.reconnectWait()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.heartBeat()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.publisherConfirm()).isFalse();
    assertThat(s.singleConcurrency()).isFalse();
    assertThat(s.enableDeadLetter()).isFalse();
    assertThat(s.defaultTtl()).isNull();
    assertThat(s.maxLen()).isZero();
  }

  @Test
  @DisplayName("without a connection string, hostname, username, password and protocol make the URI")
  void separateConnectionFields() throws Exception {
    RabbitMqSettings s = settings(Map.of("hostname", "broker.local:5673", "username", "app", "password", "p@ss:w/rd",
        "protocol", "amqps"));
    assertThat(s.uri().getScheme()).isEqualTo("amqps");
    assertThat(s.uri().getHost()).isEqualTo("broker.local");
    assertThat(s.uri().getPort()).isEqualTo(5673);
    assertThat(s.uri().getUserInfo()).isEqualTo("app:p@ss:w/rd");
    assertThat(s.brokerText()).isEqualTo("amqps://app:****@broker.local:5673");
    assertThat(settings(Map.of()).brokerText()).as("hostname defaults to localhost").isEqualTo("amqp://localhost");
  }

  @Test
  @DisplayName("the deprecated host key is read as the connection string")
  void deprecatedHost() throws Exception {
    assertThat(settings(Map.of("host", "amqp://rabbit:5672")).brokerText()).isEqualTo("amqp://rabbit:5672");
  }

  @Test
  @DisplayName("durations are Go durations or seconds; concurrencyMode and concurrency both choose single")
  void durationsAndConcurrency() throws Exception {
    RabbitMqSettings s = settings(Map.of("reconnectWaitSeconds", "10", "heartBeat", "500ms", "ttlInSeconds", "90",
        "concurrencyMode", "single"));
    assertThat(s.reconnectWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.heartBeat()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.defaultTtl()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.singleConcurrency()).isTrue();
    assertThat(settings(Map.of("concurrency", "single")).singleConcurrency()).isTrue();
    assertThat(settings(Map.of("consumerID", "billing")).consumerId()).isEqualTo("billing");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("connectionString", "http://localhost:5672",
            "metadata connectionString: http://localhost:5672 (expected: amqp://"),
        Arguments.of("connectionString", "amqp://", "metadata connectionString: amqp:// (expected: amqp://"),
        Arguments.of("protocol", "mqtt", "metadata protocol: mqtt (expected: amqp or amqps)"),
        Arguments.of("deliveryMode", "3", "metadata deliveryMode: 3 (expected: 0, 1 (transient) or 2 (persistent))"),
        Arguments.of("deliveryMode", "persistent", "metadata deliveryMode: persistent (expected: an integer)"),
        Arguments.of("prefetchCount", "256", "metadata prefetchCount: 256 (expected: an integer from 0 to 255)"),
        Arguments.of("exchangeKind", "x-delayed", "metadata exchangeKind: x-delayed (expected: fanout, topic, direct,"
            + " headers)"),
        Arguments.of("durable", "maybe", "metadata durable: maybe (expected: true or false)"),
        Arguments.of("requeueInFailure", "sometimes", "metadata requeueInFailure: sometimes (expected: true or"
            + " false)"),
        Arguments.of("reconnectWaitSeconds", "soon", "metadata reconnectWaitSeconds: soon (expected: a duration"),
        Arguments.of("heartBeat", "1 minute", "metadata heartBeat: 1 minute (expected: a duration"),
        Arguments.of("ttlInSeconds", "0", "metadata ttlInSeconds: 0 (expected: a number of seconds greater than"
            + " zero)"),
        Arguments.of("maxLen", "-1", "metadata maxLen: -1 (expected: a whole number, 0 for no limit)"),
        Arguments.of("maxLenBytes", "1MB", "metadata maxLenBytes: 1MB (expected: a whole number, 0 for no limit)"),
        Arguments.of("concurrencyMode", "many", "metadata concurrencyMode: many (expected: parallel or single)"),
        Arguments.of("saslExternal", "true", "metadata saslExternal: true (expected: false"),
        Arguments.of("clientKey", "-----BEGIN PRIVATE KEY-----", "metadata clientKey: (set) (expected: unset"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badValues")
  @DisplayName("a bad value is refused with a message naming the field and the value")
  void badValue(String key, String value, String expected) {
    assertThatThrownBy(() -> settings(Map.of(key, value)))
        .isInstanceOf(ComponentException.class)
        .hasMessageStartingWith("component events (pubsub.rabbitmq): ")
        .hasMessageContaining(expected);
  }

  @Test
  @DisplayName("a protocol that contradicts the connection string is refused")
  void protocolMismatch() {
    assertThatThrownBy(() -> settings(Map.of("connectionString", "amqp://localhost", "protocol", "amqps")))
        .hasMessageContaining("metadata protocol: amqps (expected: unset, or amqp as in connectionString)");
  }

  @Test
  @DisplayName("a bad connection string with a password is quoted without the password")
  void badConnectionStringHidesPassword() {
    for (String text : new String[] {"http://user:" + SECRET + "@localhost", "amqp://user:" + SECRET + "@/vhost",
        "amqp://user:" + SECRET + "@bad host"}) {
      assertThatThrownBy(() -> settings(Map.of("connectionString", text)))
          .as(text)
          .hasMessageContaining("metadata connectionString: ")
          .hasMessageContaining("user:****@")
          .hasMessageNotContaining(SECRET);
    }
  }

  @Test
  @DisplayName("the settings' text and scrub() never show the password")
  void settingsHidePassword() throws Exception {
    RabbitMqSettings s = settings(Map.of("connectionString", "amqp://app:" + SECRET + "@rabbit:5672/prod"));
    assertThat(s.toString()).contains("amqp://app:****@rabbit:5672/prod").doesNotContain(SECRET);
    assertThat(s.scrub("reply: " + SECRET)).isEqualTo("reply: ****");
  }

  @Test
  @DisplayName("a broker that cannot be reached fails init with the address, never the password")
  void unreachableBroker() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Map<String, String> properties = new HashMap<>();
    properties.put("connectionString", "amqp://app:" + SECRET + "@127.0.0.1:" + port);
    try (RabbitMqPubSub pubSub = new RabbitMqPubSub()) {
      assertThatThrownBy(() -> pubSub.init(metadata(properties)))
          .isInstanceOf(ComponentException.class)
          .hasMessageStartingWith("component events (pubsub.rabbitmq): cannot connect to the broker at amqp://app:"
              + "****@127.0.0.1:" + port + ": ")
          .hasMessageNotContaining(SECRET);
    }
  }
}
