package io.jdaprd.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * The brokers behind the pub/sub scenario, each private: on free loopback ports, its files in its own folder under
 * the bench's work folder (removed when it stops), never the machine's own instance on its default port. Redis is
 * {@link Servers#startRedis}; RabbitMQ, NATS and Mosquitto are started here the way the components' test harnesses
 * start them (those live in test-jars, which {@code bench/run}'s build, skipping tests, does not make).
 */
final class Brokers {
  static final Path RABBITMQ_SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
  static final Path NATS_SERVER = Path.of("/usr/sbin/nats-server");
  static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

  private Brokers() {
  }

  /**
   * A running broker.
   *
   * @param process  its process (for RabbitMQ, the start script, which stops the node on SIGTERM)
   * @param port     the port clients connect to
   * @param dir      its folder, or null
   * @param metadata the component metadata that points at it, as YAML list items
   */
  record Broker(Process process, int port, Path dir, String metadata) {
  }

  /**
   * The binary {@code component} needs that this machine lacks, or null when it can run ({@code pubsub.in-memory}
   * needs none).
   */
  static String missingBinary(String component) {
    Path binary = switch (component) {
      case "pubsub.redis" -> Path.of("/usr/bin/redis-server");
      case "pubsub.rabbitmq" -> RABBITMQ_SERVER;
      case "pubsub.jetstream" -> NATS_SERVER;
      case "pubsub.mqtt3" -> MOSQUITTO;
      default -> null;
    };
    return binary == null || Files.isExecutable(binary) ? null : binary.toString();
  }

  /**
   * Starts the broker of {@code component}; null for {@code pubsub.in-memory}, which has none. Kafka creates its
   * topics with {@code kafkaPartitions} partitions.
   */
  static Broker start(Env env, String component, int kafkaPartitions) throws IOException, InterruptedException {
    return switch (component) {
      case "pubsub.in-memory" -> null;
      case "pubsub.redis" -> {
        Servers.Redis r = Servers.startRedis(env);
        yield new Broker(r.process(), r.port(), null, item("redisHost", "127.0.0.1:" + r.port()));
      }
      case "pubsub.rabbitmq" -> rabbitMq(env);
      case "pubsub.jetstream" -> nats(env);
      case "pubsub.kafka" -> kafka(env, kafkaPartitions);
      case "pubsub.mqtt3" -> mosquitto(env);
      default -> throw new IllegalArgumentException("component: " + component);
    };
  }

  /** Stops {@code b} and removes its folder. */
  static void stop(Env env, Broker b) throws IOException {
    if (b == null) {
      return;
    }
    env.end(b.process(), 30);
    if (b.dir() != null) {
      try (Stream<Path> files = Files.walk(b.dir())) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** A node named {@code bench-<port>@localhost}, guest may connect from loopback, no plugins. */
  private static Broker rabbitMq(Env env) throws IOException, InterruptedException {
    int port = Proc.freePort();
    int dist = Proc.freePort();
    Path dir = Files.createDirectories(env.work.resolve("rabbitmq-" + port));
    Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.1 = 127.0.0.1:" + port + "\n"
        + "loopback_users = none\nlog.console = false\nlog.file.level = warning\n");
    Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
    Map<String, String> e = Map.ofEntries(Map.entry("HOME", dir.toString()),
        Map.entry("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString()),
        Map.entry("RABBITMQ_NODENAME", "bench-" + port + "@localhost"),
        Map.entry("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"),
        Map.entry("RABBITMQ_NODE_PORT", String.valueOf(port)),
        Map.entry("RABBITMQ_DIST_PORT", String.valueOf(dist)),
        Map.entry("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString()),
        Map.entry("RABBITMQ_LOG_BASE", dir.resolve("log").toString()),
        Map.entry("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString()),
        Map.entry("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString()),
        Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString()),
        Map.entry("RABBITMQ_PLUGINS_EXPAND_DIR", dir.resolve("plugins-expand").toString()),
        Map.entry("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString()),
        Map.entry("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}"),
        Map.entry("ERL_EPMD_ADDRESS", "127.0.0.1"));
    Process p = env.spawn(List.of(RABBITMQ_SERVER.toString()), env.logs.resolve("rabbitmq.log"), e, "1", false);
    Broker b = new Broker(p, port, dir, item("connectionString", "amqp://guest:guest@127.0.0.1:" + port));
    return await(env, b, "rabbitmq-server", 90_000, Brokers::answersAmqp);
  }

  /** JetStream on, its store in its own folder. */
  private static Broker nats(Env env) throws IOException, InterruptedException {
    int port = Proc.freePort();
    Path dir = Files.createDirectories(env.work.resolve("nats-" + port));
    Process p = env.spawn(new ArrayList<>(List.of(NATS_SERVER.toString(), "-js", "-a", "127.0.0.1", "-p",
        String.valueOf(port), "-sd", dir.resolve("store").toString(), "-n", "bench-" + port)),
        env.logs.resolve("nats.log"), Map.of(), "1", false);
    Broker b = new Broker(p, port, dir, item("natsURL", "nats://127.0.0.1:" + port));
    return await(env, b, "nats-server", 15_000, Brokers::sendsInfo);
  }

  /**
   * Mosquitto on loopback only, anonymous clients, persistence in its own folder (QoS 1 sessions survive as they
   * would in production), as the component's test harness starts it.
   */
  private static Broker mosquitto(Env env) throws IOException, InterruptedException {
    int port = Proc.freePort();
    Path dir = Files.createDirectories(env.work.resolve("mosquitto-" + port));
    Path config = dir.resolve("mosquitto.conf");
    Files.writeString(config, String.join("\n", "listener " + port + " 127.0.0.1", "allow_anonymous true",
        "user " + System.getProperty("user.name"), "persistence true", "persistence_location " + dir + "/",
        "max_queued_messages 100000", "log_dest stdout", "log_type error", "log_type warning", ""));
    Process p = env.spawn(List.of(MOSQUITTO.toString(), "-c", config.toString()), env.logs.resolve("mosquitto.log"),
        Map.of(), "1", false);
    Broker b = new Broker(p, port, dir, item("url", "tcp://127.0.0.1:" + port));
    return await(env, b, "mosquitto", 15_000, Brokers::answersMqtt);
  }

  /**
   * One KRaft node (broker and controller) from the {@code kafka_2.13} jars in {@code bench/target/lib}, in a JVM
   * of its own: its folder formatted first ({@code kafka.tools.StorageTool}, as {@code kafka-storage.sh format}),
   * {@code partitions} partitions per topic, topics created on first use.
   */
  private static Broker kafka(Env env, int partitions) throws IOException, InterruptedException {
    int port = Proc.freePort();
    int controller = Proc.freePort();
    Path dir = Files.createDirectories(env.work.resolve("kafka-" + port));
    Path config = dir.resolve("server.properties");
    Files.writeString(config, String.join("\n", "process.roles=broker,controller", "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controller,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name=PLAINTEXT", "log.dirs=" + dir.resolve("data"), "num.partitions=" + partitions,
        "auto.create.topics.enable=true", "offsets.topic.replication.factor=1", "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0", ""));
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    String classpath = env.root.resolve("bench/target/lib").toString() + "/*";
    byte[] id = new byte[16];
    new SecureRandom().nextBytes(id);
    String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    Process format = env.spawn(List.of(javaBin.toString(), "-cp", classpath, "kafka.tools.StorageTool", "format",
        "--config", config.toString(), "--cluster-id", clusterId), env.logs.resolve("kafka.log"), Map.of(), "1",
        false);
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IOException("kafka-storage format failed (see " + env.logs + ")");
    }
    Process p = env.spawn(List.of(javaBin.toString(), "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath, "kafka.Kafka",
        config.toString()), env.logs.resolve("kafka.log"), Map.of(), "1", false);
    Broker b = new Broker(p, port, dir, item("brokers", "127.0.0.1:" + port) + item("authType", "none"));
    return await(env, b, "kafka", 90_000, Brokers::answersKafka);
  }

  /** Whether the port answers a Kafka ApiVersions request, as a broker serving clients does. */
  private static boolean answersKafka(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(1000);
      ByteBuffer request = ByteBuffer.allocate(4 + 2 + 2 + 4 + 2);
      request.putInt(10).putShort((short) 18).putShort((short) 0).putInt(7).putShort((short) -1);
      OutputStream out = socket.getOutputStream();
      out.write(request.array());
      out.flush();
      byte[] reply = socket.getInputStream().readNBytes(8);
      return reply.length == 8 && ByteBuffer.wrap(reply, 4, 4).getInt() == 7;
    } catch (IOException e) {
      return false;
    }
  }

  private static Broker await(Env env, Broker b, String what, long timeoutMs, IntPredicate ready)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (!b.process().isAlive()) {
        stop(env, b);
        throw new IOException(what + " exited at start (see " + env.logs + ")");
      }
      if (ready.test(b.port())) {
        return b;
      }
      Thread.sleep(50);
    }
    stop(env, b);
    throw new IOException(what + " was not ready after " + timeoutMs + " ms (see " + env.logs + ")");
  }

  /** Whether the port answers an AMQP 0-9-1 protocol header with a Connection.Start frame (type 1). */
  private static boolean answersAmqp(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
      out.flush();
      return socket.getInputStream().read() == 1;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the port answers an MQTT 3.1.1 CONNECT (clean session, empty client id) with a CONNACK. */
  private static boolean answersMqtt(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write(new byte[] {0x10, 12, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 0});
      out.flush();
      return socket.getInputStream().read() == 0x20;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the server greets a new connection with its {@code INFO} line, as a ready NATS server does. */
  private static boolean sendsInfo(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      InputStream in = socket.getInputStream();
      return new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("INFO ");
    } catch (IOException e) {
      return false;
    }
  }

  private static String item(String name, String value) {
    return "    - name: " + name + "\n      value: \"" + value + "\"\n";
  }
}
