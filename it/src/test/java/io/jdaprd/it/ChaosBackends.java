package io.jdaprd.it;

import io.jdaprd.components.kafka.KafkaServer;
import io.jdaprd.components.mqtt.MosquittoServer;
import io.jdaprd.components.nats.NatsServer;
import io.jdaprd.components.postgresql.PostgresServer;
import io.jdaprd.components.rabbitmq.RabbitMqServer;
import io.jdaprd.components.redis.RedisServer;
import io.jdaprd.spi.testkit.backend.PrivateServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The private servers and the resources directory of a crash-consistency run: three transactional state stores
 * ({@code sqlite}, the actor state store; {@code redis}; {@code postgresql}) and one pub/sub per durable broker
 * ({@code redis-pubsub}, {@code rabbitmq}, {@code jetstream}, {@code kafka}, {@code mqtt3}), each configured the way
 * that makes it keep what it acknowledged (durable queues, publisher confirms, durable consumers, QoS 1 with a
 * persistent session, offsets read from the oldest when a group has none). The servers start concurrently.
 */
final class ChaosBackends implements AutoCloseable {
  /** The state stores, by component name. */
  static final List<String> STORES = List.of("sqlite", "redis", "postgresql");
  /** The pub/subs, by component name. */
  static final List<String> PUBSUBS = List.of("redis-pubsub", "rabbitmq", "jetstream", "kafka", "mqtt3");

  private final List<PrivateServer> servers = new ArrayList<>();
  private final Path resources;

  private ChaosBackends(Path resources) {
    this.resources = resources;
  }

  /** Starts every server and writes the components. */
  static ChaosBackends start() throws Exception {
    CompletableFuture<RedisServer> redis = async(RedisServer::start);
    CompletableFuture<PostgresServer> postgres = async(PostgresServer::start);
    CompletableFuture<RabbitMqServer> rabbit = async(RabbitMqServer::start);
    CompletableFuture<NatsServer> nats = async(NatsServer::start);
    CompletableFuture<KafkaServer> kafka = async(KafkaServer::start);
    CompletableFuture<MosquittoServer> mqtt = async(MosquittoServer::start);
    ChaosBackends b = new ChaosBackends(Locations.newDirectory("chaos-resources-"));
    try {
      CompletionException failed = null;
      for (CompletableFuture<? extends PrivateServer> f : List.of(redis, postgres, rabbit, nats, kafka, mqtt)) {
        try {
          b.servers.add(f.join());
        } catch (CompletionException e) {
          failed = e; // keep collecting, so that every server that did start is closed
        }
      }
      if (failed != null) {
        throw failed;
      }
      String redisHost = "127.0.0.1:" + redis.join().port();
      b.write("sqlite", "state.sqlite", "v1", Map.of("connectionString",
          b.resources.resolve("state.db").toString(), "actorStateStore", "true"));
      b.write("redis", "state.redis", "v1", Map.of("redisHost", redisHost));
      b.write("postgresql", "state.postgresql", "v2", Map.of("connectionString",
          postgres.join().connectionString(postgres.join().createDatabase())));
      b.write("redis-pubsub", "pubsub.redis", "v1", Map.of("redisHost", redisHost, "redeliverInterval", "1s",
          "processingTimeout", "2s"));
      b.write("rabbitmq", "pubsub.rabbitmq", "v1", Map.of("connectionString", rabbit.join().connectionString(),
          "durable", "true", "deletedWhenUnused", "false", "deliveryMode", "2", "requeueInFailure", "true",
          "publisherConfirm", "true", "reconnectWaitSeconds", "1"));
      b.write("jetstream", "pubsub.jetstream", "v1", Map.of("natsURL", nats.join().url(), "durableName", "chaos",
          "ackWait", "2s"));
      b.write("kafka", "pubsub.kafka", "v1", Map.of("brokers", kafka.join().brokers(), "authType", "none",
          "consumeRetryInterval", "200ms", "initialOffset", "oldest"));
      b.write("mqtt3", "pubsub.mqtt3", "v1", Map.of("url", mqtt.join().url(), "qos", "1"));
      return b;
    } catch (RuntimeException e) {
      b.close();
      throw e;
    }
  }

  private static <T> CompletableFuture<T> async(Callable<T> start) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return start.call();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
  }

  private void write(String name, String type, String version, Map<String, String> metadata) {
    StringBuilder yaml = new StringBuilder("""
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: %s
        spec:
          type: %s
          version: %s
          metadata:
        """.formatted(name, type, version));
    new LinkedHashMap<>(metadata).forEach((k, v) -> yaml.append("  - name: ").append(k).append("\n    value: \"")
        .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n"));
    try {
      Files.writeString(resources.resolve(name + ".yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The directory for the sidecar's {@code --resources-path}. */
  Path resources() {
    return resources;
  }

  @Override
  public void close() {
    for (PrivateServer s : servers) {
      s.close();
    }
    servers.clear();
  }
}
