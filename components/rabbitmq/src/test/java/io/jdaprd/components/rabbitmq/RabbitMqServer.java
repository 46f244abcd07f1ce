package io.jdaprd.components.rabbitmq;

import io.jdaprd.spi.testkit.backend.Binaries;
import io.jdaprd.spi.testkit.backend.PrivateServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private RabbitMQ node for one test class ({@link PrivateServer}), from the Debian {@code rabbitmq-server} package:
 * its own node name ({@code jdaprd-<port>@localhost}), AMQP and distribution ports chosen free on 127.0.0.1, and its
 * database, logs, configuration, plugin list and Erlang cookie in its own directory. It never touches the machine's
 * own node on 5672 nor the files under {@code /etc/rabbitmq} and {@code /var/lib/rabbitmq}. The default user
 * {@code guest} / {@code guest} may connect.
 */
public final class RabbitMqServer extends PrivateServer {
  private static final String NEEDED_BY = "the pubsub.rabbitmq tests";

  /** The server start script, run directly (not the {@code /usr/sbin} wrapper, which switches to the rabbitmq user). */
  private final Path server;
  /** The control tool, for {@link #control}. */
  private final Path control;

  private RabbitMqServer(Path server, Path control, Path dir) {
    super("rabbitmq-server", dir, 2, Duration.ofSeconds(90));
    this.server = server;
    this.control = control;
  }

  /** Starts a node on free ports and returns once it answers AMQP. */
  public static RabbitMqServer start() throws IOException, InterruptedException {
    Path server = Binaries.require("rabbitmq-server", NEEDED_BY);
    Path control = Binaries.require("rabbitmqctl", NEEDED_BY);
    RabbitMqServer node = new RabbitMqServer(server, control, Files.createTempDirectory("jdaprd-rabbitmq-"));
    node.startOnFreePorts();
    return node;
  }

  /** The node's name, as {@code rabbitmqctl -n} takes it. */
  public String nodeName() {
    return "jdaprd-" + port() + "@localhost";
  }

  /** {@code amqp://guest:guest@127.0.0.1:<port>}, as the {@code connectionString} metadata takes it. */
  public String connectionString() {
    return "amqp://guest:guest@127.0.0.1:" + port();
  }

  /** Runs {@code rabbitmqctl} against this node with {@code arguments}; returns its output. */
  public String control(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(control.toString(), "-n", nodeName(), "-q"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(directory().toFile());
    environment(builder.environment());
    Process ctl = builder.start();
    String output = new String(ctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!ctl.waitFor(60, TimeUnit.SECONDS) || ctl.exitValue() != 0) {
      throw new IOException("rabbitmqctl " + String.join(" ", arguments) + " failed: " + output);
    }
    return output;
  }

  @Override
  protected List<String> command() {
    return List.of(server.toString());
  }

  @Override
  protected void beforeLaunch() throws IOException {
    Path dir = directory();
    Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.1 = 127.0.0.1:" + port() + "\n"
        + "loopback_users = none\n" + "log.console = false\n" + "log.file.level = info\n");
    Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
  }

  /** Points the server scripts at this node's directory, ports and cookie. */
  @Override
  protected void environment(Map<String, String> env) {
    Path dir = directory();
    env.put("HOME", dir.toString());
    env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
    env.put("RABBITMQ_NODENAME", nodeName());
    env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_NODE_PORT", String.valueOf(port()));
    env.put("RABBITMQ_DIST_PORT", String.valueOf(port(1)));
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

  /** Whether the port answers an AMQP 0-9-1 protocol header with a Connection.Start frame (type 1). */
  @Override
  protected boolean ready() {
    byte[] reply = exchange(port(), new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1}, 1);
    return reply.length == 1 && reply[0] == 1;
  }

  /** Stops the node gracefully (its durable queues and persistent messages stay), then waits until AMQP is gone. */
  @Override
  protected void halt(Process launched, boolean forGood) throws IOException, InterruptedException {
    super.halt(launched, forGood);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ready() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  @Override
  protected Duration stopTimeout() {
    return Duration.ofSeconds(30);
  }
}
