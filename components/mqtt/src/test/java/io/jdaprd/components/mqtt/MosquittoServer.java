package io.jdaprd.components.mqtt;

import io.jdaprd.spi.testkit.backend.Binaries;
import io.jdaprd.spi.testkit.backend.PrivateServer;
import java.io.IOException;
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

  private MosquittoServer(Path binary, Path dir) {
    super("mosquitto", dir, 1, Duration.ofSeconds(15));
    this.binary = binary;
  }

  /** Starts a broker on a free port and returns once it answers an MQTT CONNECT. */
  public static MosquittoServer start() throws IOException, InterruptedException {
    Path binary = Binaries.require("mosquitto", "the pubsub.mqtt3 and bindings.mqtt3 tests");
    MosquittoServer server = new MosquittoServer(binary, Files.createTempDirectory("jdaprd-mosquitto-"));
    server.startOnFreePorts();
    return server;
  }

  /** {@code tcp://127.0.0.1:<port>}, as the {@code url} metadata takes it. */
  public String url() {
    return "tcp://127.0.0.1:" + port();
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
        ""));
  }

  @Override
  protected List<String> command() {
    return List.of(binary.toString(), "-c", directory().resolve("mosquitto.conf").toString());
  }

  /** Whether the port answers an MQTT CONNECT with a CONNACK. */
  @Override
  protected boolean ready() {
    byte[] reply = exchange(port(), CONNECT, 1);
    return reply.length == 1 && reply[0] == 0x20;
  }
}
