package io.jdaprd.components.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.testkit.pubsub.Inbox;
import io.jdaprd.spi.testkit.tls.LoopbackCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** pubsub.mqtt3 over TLS with a client certificate ({@code caCert}, {@code clientCert}, {@code clientKey}). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttTlsTest {
  private LoopbackCertificate certificate;
  private MosquittoServer server;

  @BeforeAll
  void startServer() throws Exception {
    Path dir = Files.createTempDirectory("jdaprd-mqtt-tls-");
    certificate = LoopbackCertificate.create(dir);
    server = MosquittoServer.startTls(certificate);
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private MqttPubSub init(Map<String, String> tls) throws ComponentException {
    Map<String, String> md = new HashMap<>(tls);
    md.put("url", server.url().replace("ssl://", "mqtts://"));
    MqttPubSub p = new MqttPubSub();
    p.init(new ComponentMetadata("secure", MqttPubSub.TYPE, "v1", "tls-app", md));
    return p;
  }

  @Test
  @DisplayName("with the broker's CA and a client certificate the component publishes and receives over TLS")
  void mutualTls() throws Exception {
    try (MqttPubSub p = init(Map.of("caCert", certificate.certificatePem(), "clientCert",
        certificate.certificatePem(), "clientKey", certificate.privateKeyPem()))) {
      Inbox inbox = new Inbox();
      p.subscribe(new SubscribeRequest("secure-topic", Map.of()), inbox);
      p.publish(new PublishRequest("secure-topic", "sealed".getBytes(StandardCharsets.UTF_8), "text/plain",
          Map.of()));
      assertThat(inbox.awaitTexts(Set.of("sealed"), Duration.ofSeconds(20))).isTrue();
    }
  }

  @Test
  @DisplayName("without a client certificate, or without the broker's CA, the connection is refused at init")
  void refusedWithoutMaterial() {
    assertThatThrownBy(() -> init(Map.of("caCert", certificate.certificatePem())))
        .isInstanceOf(ComponentException.class).hasMessageContaining("cannot connect to the broker");
    assertThatThrownBy(() -> init(Map.of("clientCert", certificate.certificatePem(), "clientKey",
        certificate.privateKeyPem())))
        .isInstanceOf(ComponentException.class).hasMessageContaining("cannot connect to the broker")
        .hasMessageNotContaining("PRIVATE KEY");
  }
}
