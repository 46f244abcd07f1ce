package io.jdaprd.components.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MqttSettingsTest {

  private static ComponentMetadata metadata(String type, Map<String, String> properties) {
    return new ComponentMetadata("mq", type, "v1", "myapp", properties);
  }

  @Test
  @DisplayName("daprd's defaults: qos 1, retain false, cleanSession false, consumer id = app id")
  void defaults() throws ComponentException {
    MqttSettings s = MqttSettings.forPubSub(metadata(MqttPubSub.TYPE, Map.of("url", "tcp://localhost:1883")));
    assertThat(s.qos()).isEqualTo(1);
    assertThat(s.retain()).isFalse();
    assertThat(s.cleanSession()).isFalse();
    assertThat(s.consumerId()).isEqualTo("myapp");
    assertThat(s.tls()).isNull();
    assertThat(s.label()).isEqualTo("component mq (pubsub.mqtt3)");
  }

  @ParameterizedTest
  @CsvSource({
      "mqtt://broker:1883, tcp://broker:1883",
      "tcp://broker:1883, tcp://broker:1883",
      "mqtts://broker:8883, ssl://broker:8883",
      "tcps://broker:8883, ssl://broker:8883",
      "tls://broker:8883, ssl://broker:8883",
      "ssl://broker:8883, ssl://broker:8883",
      "ws://broker:9001/mqtt, ws://broker:9001/mqtt"})
  @DisplayName("daprd's URL schemes map to Paho's")
  void schemes(String url, String expected) throws ComponentException {
    assertThat(MqttSettings.forPubSub(metadata(MqttPubSub.TYPE, Map.of("url", url))).serverUri())
        .isEqualTo(expected);
  }

  @Test
  @DisplayName("the URL's user info gives user and password; the password never shows")
  void credentials() throws ComponentException {
    MqttSettings s = MqttSettings.forPubSub(metadata(MqttPubSub.TYPE,
        Map.of("url", "tcp://alice:s%40cret@broker:1883", "consumerID", "c1", "qos", "2", "retain", "true",
            "cleanSession", "true")));
    assertThat(s.username()).isEqualTo("alice");
    assertThat(s.password()).isEqualTo("s@cret");
    assertThat(s.brokerText()).doesNotContain("s@cret").isEqualTo("tcp://broker:1883");
    assertThat(s.scrubText("refused s@cret")).isEqualTo("refused ****");
    assertThat(s.consumerId()).isEqualTo("c1");
    assertThat(s.qos()).isEqualTo(2);
    assertThat(s.retain()).isTrue();
    assertThat(s.cleanSession()).isTrue();
    assertThatThrownBy(() -> MqttSettings.forPubSub(metadata(MqttPubSub.TYPE,
        Map.of("url", "gopher://alice:s3cret@broker:1883"))))
        .hasMessageContaining("url").hasMessageNotContaining("s3cret");
  }

  @Test
  @DisplayName("url is required, qos is 0..2 for the pub/sub, the binding needs a topic and ignores qos")
  void refusals() throws ComponentException {
    assertThatThrownBy(() -> MqttSettings.forPubSub(metadata(MqttPubSub.TYPE, Map.of())))
        .hasMessageContaining("url");
    assertThatThrownBy(() -> MqttSettings.forPubSub(metadata(MqttPubSub.TYPE,
        Map.of("url", "tcp://b:1", "qos", "3")))).hasMessageContaining("qos");
    assertThatThrownBy(() -> MqttSettings.forBinding(metadata(MqttBinding.TYPE, Map.of("url", "tcp://b:1"))))
        .hasMessageContaining("topic");
    Map<String, String> binding = new HashMap<>(Map.of("url", "tcp://b:1", "topic", "t/#", "qos", "0"));
    MqttSettings s = MqttSettings.forBinding(metadata(MqttBinding.TYPE, binding));
    assertThat(s.qos()).isEqualTo(1);
    assertThat(s.backOffMaxRetries()).isZero();
    assertThat(s.topic()).isEqualTo("t/#");
  }

  @Test
  @DisplayName("TLS fields must be PEM; clientCert and clientKey go together")
  void tls() {
    assertThatThrownBy(() -> MqttSettings.forPubSub(metadata(MqttPubSub.TYPE,
        Map.of("url", "ssl://b:1", "caCert", "not a certificate")))).hasMessageContaining("caCert");
    assertThatThrownBy(() -> MqttSettings.forPubSub(metadata(MqttPubSub.TYPE,
        Map.of("url", "ssl://b:1", "clientKey", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))))
        .hasMessageContaining("clientCert and clientKey go together").hasMessageNotContaining("AAAA");
  }
}
