package io.jdaprd.components.kafka;

import io.jdaprd.spi.testkit.backend.PrivateServer;
import io.jdaprd.spi.testkit.tls.LoopbackCertificate;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A private Kafka broker for one test class ({@link PrivateServer}): one KRaft node that is both broker and
 * controller, run from the Kafka server artifacts on Maven Central (the {@code kafka_2.13} test dependency) in a JVM
 * of its own, on free ports of 127.0.0.1, with its log in its own directory. Needs only the JDK, so it runs
 * everywhere the build does, CI included. Topics are created automatically with one partition; the internal topics
 * have one replica. {@link #restart()} keeps the ports and the data.
 *
 * <p>Ports: {@link #port()} plain text, {@code port(1)} the controller, {@code port(2)} SASL/PLAIN over plain text
 * with the user {@value #SASL_USER} / {@value #SASL_PASSWORD}.
 */
public final class KafkaServer extends PrivateServer {
  /** The SASL/PLAIN user the broker knows. */
  public static final String SASL_USER = "jdaprd";
  /** Its password. */
  public static final String SASL_PASSWORD = "s3cret-kafka";
  private static final String CLASSPATH_RESOURCE = "broker.classpath";
  private static final String CDS_ARCHIVE = "broker.jsa";
  /** {@link KafkaBrokerMain}, by name: the test JVM need not load it (nor the broker classes it uses). */
  private static final String MAIN_CLASS = "io.jdaprd.components.kafka.KafkaBrokerMain";

  private final String classpath;
  private final LoopbackCertificate serverCertificate;
  private final String trustedClientPem;
  private int advertisedPort;

  private KafkaServer(String classpath, Path dir, LoopbackCertificate serverCertificate, String trustedClientPem) {
    super("kafka", dir, serverCertificate == null ? 3 : 4, Duration.ofSeconds(90));
    this.classpath = classpath;
    this.serverCertificate = serverCertificate;
    this.trustedClientPem = trustedClientPem;
  }

  /** Starts a broker on free ports and returns once it answers Kafka requests. */
  public static KafkaServer start() throws IOException, InterruptedException {
    return start(null, null);
  }

  /**
   * Starts a broker that also has a TLS listener ({@link #tlsBrokers()}) presenting {@code serverCertificate} and
   * requiring a client certificate that {@code trustedClientPem} (PEM) signed or is.
   */
  public static KafkaServer startWithMutualTls(LoopbackCertificate serverCertificate, String trustedClientPem)
      throws IOException, InterruptedException {
    return start(serverCertificate, trustedClientPem);
  }

  /**
   * Starts a broker that tells its clients to reach its plain-text listener at {@code 127.0.0.1:advertisedPort}
   * instead of {@link #port()}: a proxy on that port in front of {@link #port()} then carries every connection of
   * its clients, the ones a client opens after the bootstrap included.
   */
  public static KafkaServer startAdvertising(int advertisedPort) throws IOException, InterruptedException {
    return start(null, null, advertisedPort);
  }

  private static KafkaServer start(LoopbackCertificate serverCertificate, String trustedClientPem)
      throws IOException, InterruptedException {
    return start(serverCertificate, trustedClientPem, 0);
  }

  private static KafkaServer start(LoopbackCertificate serverCertificate, String trustedClientPem,
      int advertisedPort) throws IOException, InterruptedException {
    KafkaServer server = new KafkaServer(classpath(), Files.createTempDirectory("jdaprd-kafka-"), serverCertificate,
        trustedClientPem);
    server.advertisedPort = advertisedPort;
    long started = System.nanoTime();
    server.startOnFreePorts();
    System.out.printf("kafka broker on 127.0.0.1:%d ready in %d ms%n", server.port(),
        (System.nanoTime() - started) / 1_000_000);
    return server;
  }

  /**
   * The broker's classpath: a jar holding {@link KafkaBrokerMain}, then what the build (maven-dependency-plugin)
   * listed. Only jars, so that the JVM can keep a class data sharing archive of the broker's classes next to that
   * jar ({@link #CDS_ARCHIVE}): it halves the broker's start once the first broker of the machine made it.
   */
  private static String classpath() throws IOException {
    String listed;
    try (InputStream in = KafkaServer.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IOException(CLASSPATH_RESOURCE + " is missing: build the kafka module with Maven");
      }
      listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    byte[] main;
    String entry = MAIN_CLASS.replace('.', '/') + ".class";
    try (InputStream in = KafkaServer.class.getClassLoader().getResourceAsStream(entry)) {
      main = in.readAllBytes();
    }
    String key = Integer.toHexString(Objects.hash(listed, Arrays.hashCode(main), Runtime.version().toString()));
    Path cache = Path.of(System.getProperty("java.io.tmpdir"), "jdaprd-kafka-broker-" + key);
    Files.createDirectories(cache);
    Path jar = cache.resolve("broker-main.jar");
    if (!Files.exists(jar)) {
      Path partial = Files.createTempFile(cache, "broker-main", ".part");
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial))) {
        out.putNextEntry(new JarEntry(entry));
        out.write(main);
        out.closeEntry();
      }
      Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return jar + File.pathSeparator + listed;
  }

  /** {@code 127.0.0.1:<port>}, as the {@code brokers} metadata takes it. */
  public String brokers() {
    return "127.0.0.1:" + port();
  }

  /** The SASL/PLAIN listener, as the {@code brokers} metadata takes it. */
  public String saslBrokers() {
    return "127.0.0.1:" + port(2);
  }

  /** The mutual TLS listener, as the {@code brokers} metadata takes it. */
  public String tlsBrokers() {
    return "127.0.0.1:" + port(3);
  }

  private Path data() {
    return directory().resolve("data");
  }

  private Path config() {
    return directory().resolve("server.properties");
  }

  @Override
  protected void beforeLaunch() throws IOException {
    String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + SASL_USER
        + "\" password=\"" + SASL_PASSWORD + "\" user_" + SASL_USER + "=\"" + SASL_PASSWORD + "\";";
    String properties = String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + port(1),
        "listeners=PLAINTEXT://127.0.0.1:" + port() + ",CONTROLLER://127.0.0.1:" + port(1)
            + ",SASL://127.0.0.1:" + port(2) + tls(",TLS://127.0.0.1:%d"),
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + (advertisedPort == 0 ? port() : advertisedPort) + ",SASL://127.0.0.1:" + port(2)
            + tls(",TLS://127.0.0.1:%d"),
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL:SASL_PLAINTEXT,TLS:SSL",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.name.sasl.sasl.enabled.mechanisms=PLAIN",
        "listener.name.sasl.plain.sasl.jaas.config=" + jaas.replace("\\", "\\\\"),
        "log.dirs=" + data(),
        "num.partitions=1",
        "auto.create.topics.enable=true",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "num.network.threads=2",
        "num.io.threads=2",
        "background.threads=2",
        "");
    if (serverCertificate != null) {
      properties += String.join("\n",
          "listener.name.tls.ssl.keystore.type=PEM",
          "listener.name.tls.ssl.keystore.certificate.chain=" + escape(serverCertificate.certificatePem()),
          "listener.name.tls.ssl.keystore.key=" + escape(serverCertificate.privateKeyPem()),
          "listener.name.tls.ssl.truststore.type=PEM",
          "listener.name.tls.ssl.truststore.certificates=" + escape(trustedClientPem),
          "listener.name.tls.ssl.client.auth=required",
          "");
    }
    Files.writeString(config(), properties);
  }

  /** {@code format} with the TLS port, or nothing for a broker without TLS. */
  private String tls(String format) {
    return serverCertificate == null ? "" : String.format(format, port(3));
  }

  /** A PEM text as one properties-file value. */
  private static String escape(String pem) {
    return pem.trim().replace("\n", "\\n");
  }

  @Override
  protected List<String> command() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-XX:+AutoCreateSharedArchive",
        "-XX:SharedArchiveFile=" + Path.of(classpath.substring(0, classpath.indexOf(File.pathSeparator)))
            .resolveSibling(CDS_ARCHIVE),
        "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-Djava.awt.headless=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-cp", classpath, MAIN_CLASS, config().toString(), data().toString()));
    return command;
  }

  /** Whether the broker answers an ApiVersions request, which it does once it serves clients. */
  @Override
  protected boolean ready() {
    byte[] clientId = "probe".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer request = ByteBuffer.allocate(4 + 2 + 2 + 4 + 2 + clientId.length);
    request.putInt(request.capacity() - 4).putShort((short) 18).putShort((short) 0).putInt(7)
        .putShort((short) clientId.length).put(clientId);
    byte[] reply = exchange(port(), request.array(), 8);
    return reply.length == 8 && ByteBuffer.wrap(reply, 4, 4).getInt() == 7;
  }

  @Override
  protected Duration stopTimeout() {
    return Duration.ofSeconds(20);
  }
}
