package io.jdaprd.components.mqtt;

import io.jdaprd.spi.testkit.backend.Binaries;
import io.jdaprd.spi.testkit.backend.PrivateServer;
import io.jdaprd.spi.testkit.tls.LoopbackCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private {@code mosquitto} (Debian package {@code mosquitto}) for one test class ({@link PrivateServer}): its own
 * configuration file, listening on a free port of 127.0.0.1 only, anonymous clients allowed, persistence on in its
 * own directory (so a graceful {@link #restart()} keeps persistent sessions, their subscriptions and queued QoS 1
 * messages). Never the machine's own broker on 1883.
 */
public final class MosquittoServer extends PrivateServer {
  /** An MQTT 3.1.1 CONNECT with a clean session and an empty client id, as {@link #ready()} sends it. */
  private static final byte[] CONNECT = {0x10, 12, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 0};

  private final Path binary;
  /** The server's certificate (also the only CA of client certificates), or {@code null} for plain TCP. */
  private final LoopbackCertificate certificate;

  private MosquittoServer(Path binary, Path dir, LoopbackCertificate certificate) {
    super("mosquitto", dir, 1, Duration.ofSeconds(15));
    this.binary = binary;
    this.certificate = certificate;
  }

  /** Starts a broker on a free port and returns once it answers an MQTT CONNECT. */
  public static MosquittoServer start() throws IOException, InterruptedException {
    Path binary = Binaries.require("mosquitto", "the pubsub.mqtt3 and bindings.mqtt3 tests");
    MosquittoServer server = new MosquittoServer(binary, Files.createTempDirectory("jdaprd-mosquitto-"), null);
    server.startOnFreePorts();
    return server;
  }

  /**
   * Starts a broker whose only listener is TLS, presenting {@code certificate} and requiring a client certificate
   * issued by it (the certificate itself, which is self-signed).
   */
  public static MosquittoServer startTls(LoopbackCertificate certificate) throws IOException, InterruptedException {
    Path binary = Binaries.require("mosquitto", "the pubsub.mqtt3 and bindings.mqtt3 tests");
    MosquittoServer server = new MosquittoServer(binary, Files.createTempDirectory("jdaprd-mosquitto-tls-"),
        certificate);
    server.startOnFreePorts();
    return server;
  }

  /** {@code tcp://127.0.0.1:<port>} (or {@code ssl://} with TLS), as the {@code url} metadata takes it. */
  public String url() {
    return (certificate == null ? "tcp" : "ssl") + "://127.0.0.1:" + port();
  }

  @Override
  protected void beforeLaunch() throws IOException {
    Path data = directory().resolve("data");
    Files.createDirectories(data);
    Files.writeString(directory().resolve("mosquitto.conf"), String.join("\n",
        "listener " + port() + " 127.0.0.1",
        "allow_anonymous true",
        "user " + System.getProperty("user.name"),
        "persistence true",
        "persistence_location " + data + "/",
        "autosave_interval 1",
        "max_queued_messages 100000",
        "log_dest stdout",
        "log_type error",
        "log_type warning",
        "log_type notice",
        tls(),
        ""));
  }

  /** Whether a TLS handshake with the client certificate succeeds and an MQTT CONNECT gets a CONNACK. */
  private boolean tlsReady() {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(certificate.keyStore(), certificate.password());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(certificate.keyStore());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 500);
        socket.setSoTimeout(1000);
        socket.getOutputStream().write(CONNECT);
        socket.getOutputStream().flush();
        return socket.getInputStream().read() == 0x20;
      }
    } catch (IOException | GeneralSecurityException e) {
      return false;
    }
  }

  private String tls() throws IOException {
    if (certificate == null) {
      return "";
    }
    Path cert = directory().resolve("server.crt");
    Path key = directory().resolve("server.key");
    Files.writeString(cert, certificate.certificatePem());
    Files.writeString(key, certificate.privateKeyPem());
    return String.join("\n", "certfile " + cert, "keyfile " + key, "cafile " + cert, "require_certificate true");
  }

  @Override
  protected List<String> command() {
    return List.of(binary.toString(), "-c", directory().resolve("mosquitto.conf").toString());
  }

  /** Whether the port answers an MQTT CONNECT with a CONNACK (over TLS for a TLS broker). */
  @Override
  protected boolean ready() {
    if (certificate != null) {
      return tlsReady();
    }
    byte[] reply = exchange(port(), CONNECT, 1);
    return reply.length == 1 && reply[0] == 0x20;
  }
}
