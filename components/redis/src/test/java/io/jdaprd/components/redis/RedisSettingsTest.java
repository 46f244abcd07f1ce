package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.components.redis.RedisSettings.Address;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dapr's redis metadata: defaults, forms, and errors that name the field and the value. */
class RedisSettingsTest {

  @Test
  @DisplayName("defaults: one node, database 0, no TLS, 2 s command timeout, 3 retries, no default TTL")
  void defaults() throws Exception {
    RedisSettings s = settings(Map.of("redisHost", "redis:6380"));
    assertThat(s.hosts()).containsExactly(new Address("redis", 6380));
    assertThat(s.cluster()).isFalse();
    assertThat(s.failover()).isFalse();
    assertThat(s.database()).isZero();
    assertThat(s.tls()).isFalse();
    assertThat(s.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.dialTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.maxRetries()).isEqualTo(3);
    assertThat(s.defaultTtlSeconds()).isNull();
  }

  @Test
  @DisplayName("every documented field is read")
  void everyField() throws Exception {
    Map<String, String> m = new HashMap<>();
    m.put("redisHost", "a:7000, b:7001,[::1]:7002");
    m.put("redisType", "Cluster");
    m.put("redisUsername", "me");
    m.put("redisPassword", "pw");
    m.put("enableTLS", "true");
    m.put("readTimeout", "1500");
    m.put("writeTimeout", "3s");
    m.put("dialTimeout", "250ms");
    m.put("redisMaxRetries", "-1");
    m.put("ttlInSeconds", "600");
    RedisSettings s = settings(m);
    assertThat(s.hosts()).containsExactly(new Address("a", 7000), new Address("b", 7001), new Address("::1", 7002));
    assertThat(s.hostText()).isEqualTo("a:7000,b:7001,[::1]:7002");
    assertThat(s.cluster()).isTrue();
    assertThat(s.username()).isEqualTo("me");
    assertThat(s.tls()).isTrue();
    assertThat(s.commandTimeout()).as("the longer of read and write timeout").isEqualTo(Duration.ofSeconds(3));
    assertThat(s.dialTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.maxRetries()).isZero();
    assertThat(s.defaultTtlSeconds()).isEqualTo(600);
  }

  @Test
  @DisplayName("sentinels: failover with a master name; host without port takes redisPort or 6379")
  void sentinels() throws Exception {
    RedisSettings s = settings(Map.of("redisHost", "s1,s2:26379", "failover", "true", "sentinelMasterName", "mymaster",
        "redisPort", "26379"));
    assertThat(s.failover()).isTrue();
    assertThat(s.sentinelMasterName()).isEqualTo("mymaster");
    assertThat(s.hosts()).containsExactly(new Address("s1", 26379), new Address("s2", 26379));
    assertThat(settings(Map.of("redisHost", "localhost")).hosts()).containsExactly(new Address("localhost", 6379));
  }

  @Test
  @DisplayName("readTimeout -1 means no command timeout")
  void noTimeout() throws Exception {
    assertThat(settings(Map.of("redisHost", "h:1", "readTimeout", "-1")).commandTimeout()).isNull();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "redisHost|h:port|metadata redisHost: h:port (expected: host:port",
      "redisHost|:6379|metadata redisHost: :6379 (expected",
      "redisType|sharded|metadata redisType: sharded (expected: node or cluster)",
      "redisDB|one|metadata redisDB: one (expected: an integer)",
      "redisDB|-1|metadata redisDB: -1 (expected: 0 or greater)",
      "readTimeout|soon|metadata readTimeout: soon (expected: a duration",
      "ttlInSeconds|1.5|metadata ttlInSeconds: 1.5 (expected: an integer)",
      "enableTLS|maybe|metadata enableTLS: maybe (expected: true or false)",
      "clientKey|-----BEGIN PRIVATE KEY-----|metadata clientKey: (set) (expected: unset"})
  @DisplayName("a bad value is refused, naming the field and the value")
  void badValues(String key, String value, String message) {
    Map<String, String> m = new HashMap<>(Map.of("redisHost", "h:1"));
    m.put(key, value);
    assertThatThrownBy(() -> settings(m)).isInstanceOf(ComponentException.class)
        .hasMessageStartingWith("component statestore (state.redis): ").hasMessageContaining(message);
  }

  @Test
  @DisplayName("missing redisHost, failover without master name, failover in a cluster are refused")
  void missingOrContradictory() {
    assertThatThrownBy(() -> settings(Map.of())).hasMessageContaining("metadata redisHost is required");
    assertThatThrownBy(() -> settings(Map.of("redisHost", "h:1", "failover", "true")))
        .hasMessageContaining("sentinelMasterName is required when failover is true");
    assertThatThrownBy(() -> settings(Map.of("redisHost", "h:1", "failover", "true", "sentinelMasterName", "m",
        "redisType", "cluster"))).hasMessageContaining("metadata failover: true (expected: false when redisType");
    assertThatThrownBy(() -> settings(Map.of("redisHost", "h:1", "redisPort", "2")))
        .hasMessageContaining("metadata redisPort: 2 (expected: unset, or the port in redisHost h:1)");
  }

  @Test
  @DisplayName("scrub and toString hide the passwords")
  void scrub() throws Exception {
    RedisSettings s = settings(Map.of("redisHost", "h:1", "redisPassword", "p@ss", "sentinelPassword", "s3nt"));
    assertThat(s.scrub("auth p@ss and s3nt failed")).isEqualTo("auth **** and **** failed");
    assertThat(s.toString()).doesNotContain("p@ss").doesNotContain("s3nt").contains("h:1");
    assertThat(settings(Map.of("redisHost", "h:1", "redisPassword", " spaced ")).password())
        .as("a password is taken exactly as given, not trimmed").isEqualTo(" spaced ");
  }

  private static RedisSettings settings(Map<String, String> properties) throws ComponentException {
    return RedisSettings.from(new ComponentMetadata("statestore", RedisStateStore.TYPE, "v1", "app", properties));
  }
}
