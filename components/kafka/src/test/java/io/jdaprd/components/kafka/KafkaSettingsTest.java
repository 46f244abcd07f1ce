package io.jdaprd.components.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** components-contrib's metadata names, defaults and checks, as {@link KafkaSettings} reads them. */
class KafkaSettingsTest {
  private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  private static KafkaSettings read(String... pairs) throws ComponentException {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return KafkaSettings.from(new ComponentMetadata("kafka", "pubsub.kafka", "v1", "myapp", m), true);
  }

  @Test
  void brokersAndAuthTypeAreRequired() {
    assertThatThrownBy(() -> read("authType", "none"))
        .hasMessage("component kafka (pubsub.kafka): kafka error: missing 'brokers' attribute");
    assertThatThrownBy(() -> read("brokers", "a:9092"))
        .hasMessage("component kafka (pubsub.kafka): kafka error: 'authType' attribute was missing or empty");
    assertThatThrownBy(() -> read("brokers", "a:9092", "authType", "kerberos"))
        .hasMessageEndingWith("kafka error: invalid value for 'authType' attribute");
  }

  @Test
  void defaultsAsContrib() throws Exception {
    KafkaSettings s = read("brokers", "a:9092, b:9093", "authType", "none");
    assertThat(s.brokers()).containsExactly("a:9092", "b:9093");
    assertThat(s.common()).containsEntry("bootstrap.servers", "a:9092,b:9093")
        .containsEntry("security.protocol", "PLAINTEXT");
    assertThat(s.latest()).isTrue();
    assertThat(s.consumerGroup()).isEqualTo("myapp");
    assertThat(s.consumeRetryInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(s.consumeRetryEnabled()).isTrue();
    assertThat(s.heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void consumerGroupThenConsumerIdThenAppId() throws Exception {
    assertThat(read("brokers", "a:1", "authType", "none", "consumerID", "c", "consumerGroup", "g").consumerGroup())
        .isEqualTo("g");
    assertThat(read("brokers", "a:1", "authType", "none", "consumerID", "c").consumerGroup()).isEqualTo("c");
  }

  @Test
  void initialOffsetAndRetryInterval() throws Exception {
    assertThat(read("brokers", "a:1", "authType", "none", "initialOffset", "Oldest").latest()).isFalse();
    assertThatThrownBy(() -> read("brokers", "a:1", "authType", "none", "initialOffset", "middle"))
        .hasMessageEndingWith("kafka error: invalid initialOffset: middle");
    assertThat(read("brokers", "a:1", "authType", "none", "consumeRetryInterval", "250").consumeRetryInterval())
        .as("a bare number counts milliseconds, as in contrib").isEqualTo(Duration.ofMillis(250));
    assertThat(read("brokers", "a:1", "authType", "none", "consumeRetryInterval", "2s").consumeRetryInterval())
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void passwordUsesSaslOverTlsUnlessDisabled() throws Exception {
    assertThatThrownBy(() -> read("brokers", "a:1", "authType", "password", "saslPassword", "p"))
        .hasMessageEndingWith("kafka error: missing SASL Username for authType 'password'");
    assertThatThrownBy(() -> read("brokers", "a:1", "authType", "password", "saslUsername", "u"))
        .hasMessageEndingWith("kafka error: missing SASL Password for authType 'password'");
    KafkaSettings tls = read("brokers", "a:1", "authType", "password", "saslUsername", "u", "saslPassword", "p\"w");
    assertThat(tls.common()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN");
    assertThat((String) tls.common().get("sasl.jaas.config")).contains("password=\"p\\\"w\"");
    assertThat(tls.toString()).doesNotContain("p\"w");
    KafkaSettings plain = read("brokers", "a:1", "authType", "password", "saslUsername", "u", "saslPassword", "p",
        "disableTls", "true", "saslMechanism", "SHA-512");
    assertThat(plain.common()).containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
  }

  @Test
  void mtlsNeedsBothHalvesInPem() throws Exception {
    assertThatThrownBy(() -> read("brokers", "a:1", "authType", "mtls", "clientCert", PEM))
        .hasMessageEndingWith("kafka error: clientKey or clientCert is missing");
    assertThatThrownBy(() -> read("brokers", "a:1", "authType", "mtls", "clientCert", "nope", "clientKey", PEM))
        .hasMessageEndingWith("kafka error: invalid client certificate");
    assertThatThrownBy(() -> read("brokers", "a:1", "authType", "none", "caCert", "nope"))
        .hasMessageEndingWith("kafka error: invalid ca certificate");
    KafkaSettings s = read("brokers", "a:1", "authType", "mtls", "clientCert", PEM, "clientKey", PEM, "caCert", PEM);
    assertThat(s.common()).containsEntry("security.protocol", "SSL").containsEntry("ssl.keystore.type", "PEM")
        .containsEntry("ssl.truststore.certificates", PEM.trim());
    assertThat(s.toString()).doesNotContain("BEGIN");
  }

  @Test
  void legacyAuthRequired() throws Exception {
    assertThat(read("brokers", "a:1", "authRequired", "false").authType()).isEqualTo("none");
    assertThat(read("brokers", "a:1", "authRequired", "true", "saslUsername", "u", "saslPassword", "p").authType())
        .isEqualTo("password");
  }

  @Test
  void excludedHeadersMatchAnywhereInTheName() throws Exception {
    KafkaSettings s = read("brokers", "a:1", "authType", "none", "excludeHeaderMetaRegex", "^secret");
    assertThat(s.excluded("secretToken")).isTrue();
    assertThat(s.excluded("topsecret")).isFalse();
  }
}
