package io.jdaprd.components.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import io.jdaprd.spi.testkit.backend.Binaries;
import io.jdaprd.spi.testkit.pubsub.Inbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Mutual TLS against a private nats-server that verifies client certificates, with a test CA made by
 * {@code openssl} (skipped loudly without it, failed on CI).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JetStreamTlsTest {
  private Path openssl;
  private Path dir;
  private NatsServer server;

  @BeforeAll
  void startServer() throws Exception {
    openssl = Binaries.require("openssl", "the pubsub.jetstream TLS tests");
    dir = Files.createTempDirectory("jdaprd-nats-tls-");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=jdaprd test CA");
    signed("server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    signed("client", "extendedKeyUsage=clientAuth\n");
    server = NatsServer.start("--tlscert", dir.resolve("server.pem").toString(), "--tlskey",
        dir.resolve("server.key").toString(), "--tlscacert", dir.resolve("ca.pem").toString(), "--tlsverify");
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  @DisplayName("tls_client_cert and tls_client_key as PEM text, tls_client_ca as a file: publish and subscribe work")
  void mutualTls() throws Exception {
    Map<String, String> m = new HashMap<>(Map.of("natsURL", tlsUrl(),
        "tls_client_cert", Files.readString(dir.resolve("client.pem")),
        "tls_client_key", Files.readString(dir.resolve("client.key")),
        "tls_client_ca", dir.resolve("ca.pem").toString()));
    try (JetStreamPubSub pubSub = new JetStreamPubSub()) {
      pubSub.init(metadata(m));
      Inbox inbox = new Inbox();
      try (Subscription ignored = pubSub.subscribe(new SubscribeRequest("tls-topic", Map.of()), inbox)) {
        pubSub.publish(new PublishRequest("tls-topic", "sealed".getBytes(StandardCharsets.UTF_8), "text/plain",
            Map.of()));
        assertThat(inbox.awaitTexts(Set.of("sealed"), Duration.ofSeconds(15))).isTrue();
      }
    }
  }

  @Test
  @DisplayName("cert and key given as file paths work too, as daprd reads them")
  void filePaths() throws Exception {
    Map<String, String> m = new HashMap<>(Map.of("natsURL", tlsUrl(),
        "tls_client_cert", dir.resolve("client.pem").toString(),
        "tls_client_key", dir.resolve("client.key").toString(),
        "tls_client_ca", Files.readString(dir.resolve("ca.pem"))));
    try (JetStreamPubSub pubSub = new JetStreamPubSub()) {
      pubSub.init(metadata(m));
      pubSub.check();
    }
  }

  @Test
  @DisplayName("without a client certificate the server refuses the connection")
  void noClientCertificate() {
    JetStreamPubSub pubSub = new JetStreamPubSub();
    assertThatThrownBy(() -> pubSub.init(metadata(Map.of("natsURL", tlsUrl(),
        "tls_client_ca", dir.resolve("ca.pem").toString())))).isInstanceOf(ComponentException.class)
        .hasMessageContaining("cannot connect to natsURL " + tlsUrl());
  }

  @Test
  @DisplayName("a key that is not PKCS#8 PEM is refused without showing it")
  void badKey() throws Exception {
    String key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEsecretsecret\n-----END RSA PRIVATE KEY-----\n";
    JetStreamPubSub pubSub = new JetStreamPubSub();
    assertThatThrownBy(() -> pubSub.init(metadata(Map.of("natsURL", tlsUrl(),
        "tls_client_cert", Files.readString(dir.resolve("client.pem")), "tls_client_key", key))))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("metadata tls_client_key: (set) (expected: a PKCS#8 PEM private key")
        .hasMessageNotContaining("secretsecret");
  }

  private String tlsUrl() {
    return "tls://127.0.0.1:" + server.port();
  }

  private static ComponentMetadata metadata(Map<String, String> properties) {
    return new ComponentMetadata("jetstream", JetStreamPubSub.TYPE, "v1", "app", properties);
  }

  /** A key and a certificate named {@code name}, signed by the test CA, with {@code extensions}. */
  private void signed(String name, String extensions) throws Exception {
    Files.writeString(dir.resolve(name + ".ext"), extensions);
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
        "/CN=" + name);
    openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
        name + ".pem", "-days", "2", "-extfile", name + ".ext");
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(openssl.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
    }
  }
}
