package io.jdaprd.components.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.testkit.backend.PrivateServer;
import io.jdaprd.spi.testkit.tls.LoopbackCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code authType: mtls} against the private broker's TLS listener, which requires a client certificate: with the
 * broker's certificate as {@code caCert} and the client's PEM pair the component publishes and receives; without a
 * client certificate ({@code authType: certificate}) the broker refuses it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaMutualTlsTest {
  private Path certificates;
  private LoopbackCertificate broker;
  private LoopbackCertificate client;
  private KafkaServer server;

  @BeforeAll
  void startServer() throws Exception {
    certificates = Files.createTempDirectory("jdaprd-kafka-tls-");
    broker = LoopbackCertificate.create(certificates);
    client = LoopbackCertificate.create(certificates);
    server = KafkaServer.startWithMutualTls(broker, client.certificatePem());
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
    if (certificates != null) {
      PrivateServer.deleteTree(certificates);
    }
  }

  private KafkaPubSub open(Map<String, String> auth) throws ComponentException {
    Map<String, String> m = new HashMap<>(auth);
    m.put("brokers", server.tlsBrokers());
    m.put("caCert", broker.certificatePem());
    m.put("heartbeatInterval", "300ms");
    KafkaPubSub pubSub = new KafkaPubSub();
    pubSub.init(new ComponentMetadata("kafka", KafkaPubSub.TYPE, "v1", "app", m));
    return pubSub;
  }

  @Test
  void mutualTlsPublishesAndDelivers() throws Exception {
    try (KafkaPubSub pubSub = open(Map.of("authType", "mtls", "clientCert", client.certificatePem(), "clientKey",
        client.privateKeyPem()))) {
      BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
      pubSub.subscribe(new SubscribeRequest("tls-topic", Map.of("consumerID", "tls")), inbox::add);
      pubSub.publish(new PublishRequest("tls-topic", "secure".getBytes(StandardCharsets.UTF_8), "text/plain",
          Map.of()));
      Message m = inbox.poll(20, TimeUnit.SECONDS);
      assertThat(m).as("delivered over mutual TLS").isNotNull();
      assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("secure");
    }
  }

  @Test
  void withoutAClientCertificateTheBrokerRefuses() {
    assertThatThrownBy(() -> open(Map.of("authType", "certificate")).close())
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("cannot connect to the brokers")
        .hasMessageNotContaining("PRIVATE KEY");
  }
}
