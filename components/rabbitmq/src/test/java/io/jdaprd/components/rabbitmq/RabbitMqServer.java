package io.jdaprd.components.rabbitmq;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private RabbitMQ node for one test class, from the Debian {@code rabbitmq-server} package: its own node name
 * ({@code jdaprd-<port>@localhost}), AMQP and distribution ports chosen free on 127.0.0.1, and its database, logs,
 * configuration, plugin list and Erlang cookie in a temporary directory. It never touches the machine's own node on
 * 5672 nor the files under {@code /etc/rabbitmq} and {@code /var/lib/rabbitmq}. The default user {@code guest} /
 * {@code guest} may connect. When the server scripts are missing, the tests fail on CI ({@code CI=true}) and are
 * skipped, loudly, elsewhere.
 */
public final class RabbitMqServer implements AutoCloseable {
  /** The server start script, run directly (not the {@code /usr/sbin} wrapper, which switches to the rabbitmq user). */
  static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
  /** The control tool, used to stop the node. */
  static final Path CONTROL = Path.of("/usr/lib/rabbitmq/bin/rabbitmqctl");
  private static final long START_TIMEOUT_MILLIS = 90_000;
  private static final long STOP_TIMEOUT_MILLIS = 30_000;

  private final Path dir;
  private final int port;
  private final int distributionPort;
  private final String nodeName;
  private Process process;

  private RabbitMqServer(Path dir, int port, int distributionPort) {
    this.dir = dir;
    this.port = port;
    this.distributionPort = distributionPort;
    this.nodeName = "jdaprd-" + port + "@localhost";
  }

  /** Starts a node on free ports and returns once it answers AMQP. */
  public static RabbitMqServer start() throws IOException, InterruptedException {
    requireBinaries();
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir = Files.createTempDirectory("jdaprd-rabbitmq-");
      RabbitMqServer server = new RabbitMqServer(dir, freePort(), freePort());
      try {
        server.writeConfiguration();
        server.launch();
        return server;
      } catch (IOException e) {
        last = e;
        server.close();
      }
    }
    throw last;
  }

  /** The AMQP port. */
  public int port() {
    return port;
  }

  /** The node's name, as {@code rabbitmqctl -n} takes it. */
  public String nodeName() {
    return nodeName;
  }

  /** {@code amqp://guest:guest@127.0.0.1:<port>}, as the {@code connectionString} metadata takes it. */
  public String connectionString() {
    return "amqp://guest:guest@127.0.0.1:" + port;
  }

  /** Stops the node gracefully; its data (durable queues, persistent messages) stays in its directory. */
  public void stop() throws IOException, InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    process = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (answersAmqp() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /** Stops the node and starts it again on the same ports with the same data. */
  public void restart() throws IOException, InterruptedException {
    stop();
    launch();
  }

  /** Runs {@code rabbitmqctl} against this node with {@code arguments}; returns its output. */
  public String control(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CONTROL.toString(), "-n", nodeName, "-q"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
    environment(builder.environment());
    Process ctl = builder.start();
    String output = new String(ctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!ctl.waitFor(60, TimeUnit.SECONDS) || ctl.exitValue() != 0) {
      throw new IOException("rabbitmqctl " + String.join(" ", arguments) + " failed: " + output);
    }
    return output;
  }

  @Override
  public void close() throws IOException {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private void writeConfiguration() throws IOException {
    Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.1 = 127.0.0.1:" + port + "\n"
        + "loopback_users = none\n" + "log.console = false\n" + "log.file.level = info\n");
    Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
  }

  /** The environment that points the server scripts at this node's directory, ports and cookie. */
  private void environment(Map<String, String> env) {
    env.put("HOME", dir.toString());
    env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
    env.put("RABBITMQ_NODENAME", nodeName);
    env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_NODE_PORT", String.valueOf(port));
    env.put("RABBITMQ_DIST_PORT", String.valueOf(distributionPort));
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
    env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_PLUGINS_EXPAND_DIR", dir.resolve("plugins-expand").toString());
    env.put("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString());
    env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
    env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
  }

  private void launch() throws IOException, InterruptedException {
    Path log = dir.resolve("server-" + port + ".out");
    ProcessBuilder builder = new ProcessBuilder(SERVER.toString()).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    environment(builder.environment());
    process = builder.start();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        process = null;
        throw new IOException("rabbitmq-server " + nodeName + " exited at start: " + Files.readString(log));
      }
      if (answersAmqp()) {
        return;
      }
      Thread.sleep(100);
    }
    stop();
    throw new IOException("rabbitmq-server " + nodeName + " did not answer AMQP on port " + port + " within "
        + START_TIMEOUT_MILLIS + " ms: " + Files.readString(log));
  }

  /** Whether the port answers an AMQP 0-9-1 protocol header with a Connection.Start frame (type 1). */
  private boolean answersAmqp() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
      out.flush();
      InputStream in = socket.getInputStream();
      return in.read() == 1;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void requireBinaries() {
    if (Files.isExecutable(SERVER) && Files.isExecutable(CONTROL)) {
      return;
    }
    String message = SERVER + " or " + CONTROL + " is missing: the pubsub.rabbitmq tests need a local RabbitMQ "
        + "(Debian: apt-get install rabbitmq-server)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(message + "; CI=true, so this is a failure, not a skip");
    }
    System.err.println("!!!!!!!!!! SKIPPING the pubsub.rabbitmq tests: " + message + " !!!!!!!!!!");
    assumeTrue(false, "SKIPPED: " + message);
  }
}
