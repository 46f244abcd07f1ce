package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisPubSubSettingsTest {

  @Test
  @DisplayName("defaults are Dapr's documented ones; the consumer id is the app id")
  void defaults() throws Exception {
    RedisPubSubSettings s = settings(Map.of("redisHost", "redis:6380"));
    assertThat(s.connection().hostText()).isEqualTo("redis:6380");
    assertThat(s.consumerId()).isEqualTo("myapp");
    assertThat(s.redeliverInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.processingTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.queueDepth()).isEqualTo(100);
    assertThat(s.concurrency()).isEqualTo(10);
    assertThat(s.maxLenApprox()).isZero();
    assertThat(s.streamTtl()).isZero();
    assertThat(s.redeliveryEnabled()).isTrue();
    assertThat(s.minId(Instant.now())).as("no streamTTL, no MINID").isEmpty();
  }

  @Test
  @DisplayName("every field is read, names case-insensitive; plain numbers are milliseconds")
  void everyField() throws Exception {
    Map<String, String> m = new HashMap<>();
    m.put("REDISHOST", "h:1");
    m.put("redisPassword", "pw");
    m.put("redisDB", "3");
    m.put("enableTLS", "true");
    m.put("ConsumerId", "group-a");
    m.put("redeliverInterval", "2500");
    m.put("processingTimeout", "1m30s");
    m.put("queueDepth", "7");
    m.put("concurrency", "1");
    m.put("maxLenApprox", "10000");
    m.put("streamTTL", "2h");
    RedisPubSubSettings s = settings(m);
    assertThat(s.connection().password()).isEqualTo("pw");
    assertThat(s.connection().database()).isEqualTo(3);
    assertThat(s.connection().tls()).isTrue();
    assertThat(s.consumerId()).isEqualTo("group-a");
    assertThat(s.redeliverInterval()).isEqualTo(Duration.ofMillis(2500));
    assertThat(s.processingTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.queueDepth()).isEqualTo(7);
    assertThat(s.concurrency()).isEqualTo(1);
    assertThat(s.maxLenApprox()).isEqualTo(10000);
    assertThat(s.streamTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(s.minId(Instant.ofEpochMilli(10_000_000L))).as("Dapr's MINID: <now - streamTTL in ms>-1")
        .contains((10_000_000L - 7_200_000L) + "-1");
    assertThat(s.toString()).doesNotContain("pw");
  }

  @Test
  @DisplayName("redeliverInterval 0 or processingTimeout 0 switches redelivery off")
  void redeliveryOff() throws Exception {
    assertThat(settings(Map.of("redisHost", "h:1", "redeliverInterval", "0")).redeliveryEnabled()).isFalse();
    assertThat(settings(Map.of("redisHost", "h:1", "processingTimeout", "0s")).redeliveryEnabled()).isFalse();
  }

  @Test
  @DisplayName("a publish's maxLenApprox overrides the component's; a bad one names itself")
  void publishMaxLenApprox() throws Exception {
    RedisPubSubSettings s = settings(Map.of("redisHost", "h:1", "maxLenApprox", "50"));
    assertThat(s.maxLenApprox(Map.of())).isEqualTo(50);
    assertThat(s.maxLenApprox(Map.of("maxlenapprox", " 7 "))).isEqualTo(7);
    assertThat(s.maxLenApprox(Map.of("maxLenApprox", ""))).as("blank: the component's").isEqualTo(50);
    assertThatThrownBy(() -> s.maxLenApprox(Map.of("maxLenApprox", "-1")))
        .hasMessage("maxLenApprox: -1 (expected: a whole number of entries, 0 or more)");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "redisHost|h:port|metadata redisHost: h:port (expected: host:port",
      "redeliverInterval|soon|metadata redeliverInterval: soon (expected: a duration such as 500ms or 30s, a number"
          + " of milliseconds, or 0 for off)",
      "redeliverInterval|-5s|metadata redeliverInterval: -5s (expected: a duration",
      "processingTimeout|1d|metadata processingTimeout: 1d (expected: a duration",
      "streamTTL|forever|metadata streamTTL: forever (expected: a duration",
      "queueDepth|0|metadata queueDepth: 0 (expected: an integer of at least 1)",
      "queueDepth|many|metadata queueDepth: many (expected: an integer)",
      "concurrency|-2|metadata concurrency: -2 (expected: an integer of at least 1)",
      "maxLenApprox|1e6|metadata maxLenApprox: 1e6 (expected: a whole number of entries, 0 or more)",
      "maxLenApprox|-1|metadata maxLenApprox: -1 (expected: a whole number of entries, 0 or more)",
      "enableTLS|maybe|metadata enableTLS: maybe (expected: true or false)",
      "clientCert|-----BEGIN CERTIFICATE-----|metadata clientCert: (set) (expected: unset: jdaprd's pubsub.redis"})
  @DisplayName("a bad value is refused, naming the component, the field and the value")
  void badValues(String key, String value, String message) {
    Map<String, String> m = new HashMap<>(Map.of("redisHost", "h:1"));
    m.put(key, value);
    assertThatThrownBy(() -> settings(m)).isInstanceOf(ComponentException.class)
        .hasMessageStartingWith("component pubsub (pubsub.redis): ").hasMessageContaining(message);
  }

  @Test
  @DisplayName("missing redisHost, or no consumer id and no app id, are refused")
  void missing() {
    assertThatThrownBy(() -> settings(Map.of())).hasMessageContaining("metadata redisHost is required");
    assertThatThrownBy(() -> RedisPubSubSettings.from(new ComponentMetadata("pubsub", RedisPubSub.TYPE, "v1", "",
        Map.of("redisHost", "h:1")))).isInstanceOf(ComponentException.class)
        .hasMessageContaining("metadata consumerID is required when there is no app id");
  }

  private static RedisPubSubSettings settings(Map<String, String> properties) throws ComponentException {
    return RedisPubSubSettings.from(new ComponentMetadata("pubsub", RedisPubSub.TYPE, "v1", "myapp", properties));
  }
}
