package io.jdaprd.components.kafka;

import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka clients one component shares: a producer (acknowledged by every in-sync replica, idempotent) and an
 * admin client (health, topic creation). Publishing follows components-contrib: the {@code partitionKey} (or
 * {@code __key}) metadata is the record key and picks the partition as daprd does ({@link #keyPartition}),
 * {@code partitionNumber} picks it explicitly, a record with neither goes to a partition chosen at random (as
 * daprd's hash partitioner does with no key, so that consumers' partitions share the load evenly), and every
 * metadata entry travels as a header unless {@code excludeHeaderMetaRegex} matches its name. A read record
 * carries {@code __key}, {@code __topic}, {@code __partition}, {@code __offset}, {@code __timestamp} and its headers as
 * metadata.
 */
final class KafkaClient implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KafkaClient.class.getName());
  /** How long a publish may wait for the broker, and a health check or a topic creation. */
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

  private final String label;
  private final KafkaSettings settings;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Admin admin;

  KafkaClient(String label, KafkaSettings settings) {
    this.label = label;
    this.settings = settings;
    Map<String, Object> p = settings.common();
    p.put("acks", "all");
    p.put("enable.idempotence", true);
    p.put("linger.ms", 0);
    p.put("max.block.ms", (int) ADMIN_TIMEOUT.toMillis());
    p.put("request.timeout.ms", (int) ADMIN_TIMEOUT.toMillis());
    p.put("delivery.timeout.ms", (int) SEND_TIMEOUT.toMillis());
    if (settings.maxMessageBytes() > 0) {
      p.put("max.request.size", settings.maxMessageBytes());
    }
    KafkaProducer<byte[], byte[]> created = new KafkaProducer<>(p, new ByteArraySerializer(),
        new ByteArraySerializer());
    try {
      Map<String, Object> a = settings.common();
      a.put("request.timeout.ms", (int) ADMIN_TIMEOUT.toMillis());
      a.put("default.api.timeout.ms", (int) ADMIN_TIMEOUT.toMillis());
      this.admin = Admin.create(a);
    } catch (KafkaException e) {
      created.close(Duration.ZERO);
      throw e;
    }
    this.producer = created;
  }

  String label() {
    return label;
  }

  KafkaSettings settings() {
    return settings;
  }

  /** Checks that a broker answers; returns why not. */
  Optional<String> unreachable() {
    try {
      admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.of(String.valueOf(e.getCause().getMessage()));
    } catch (TimeoutException e) {
      return Optional.of("no broker answered within " + ADMIN_TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  /** The record to publish {@code data} on {@code topic} with {@code metadata}, as components-contrib builds it. */
  ProducerRecord<byte[], byte[]> record(String topic, byte[] data, Map<String, String> metadata) {
    byte[] key = null;
    Integer partition = null;
    List<Header> headers = new ArrayList<>();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String name = e.getKey();
      if (name.equals("partitionKey") || name.equals("__key")) {
        key = e.getValue().getBytes(StandardCharsets.UTF_8);
      } else if (name.equals("partitionNumber")) {
        partition = partitionNumber(e.getValue());
      }
      if (!settings.excluded(name)) {
        headers.add(new RecordHeader(name, e.getValue().getBytes(StandardCharsets.UTF_8)));
      }
    }
    if (partition == null) {
      int partitions = producer.partitionsFor(topic).size();
      partition = key != null ? keyPartition(key, partitions) : ThreadLocalRandom.current().nextInt(partitions);
    }
    return new ProducerRecord<>(topic, partition, key, data, headers);
  }

  /**
   * The partition of a keyed record as daprd's Kafka client (sarama's hash partitioner) chooses it: the 32-bit FNV-1a
   * hash of the key as a signed number, modulo the partition count, made non-negative; so that jdaprd and daprd
   * sidecars publishing with one key fill one partition (the Java client's own murmur2 would pick another).
   */
  static int keyPartition(byte[] key, int partitions) {
    int hash = 0x811c9dc5;
    for (byte b : key) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return Math.abs(hash % partitions);
  }

  private static int partitionNumber(String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 0) {
        throw new IllegalArgumentException("partitionNumber must be non-negative, got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid partitionNumber metadata value \"" + value + "\"");
    }
  }

  /** Sends {@code record} without waiting. */
  Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
    return producer.send(record);
  }

  /**
   * Waits for a send; returns the reason it failed, or empty once the broker acknowledged it.
   *
   * @throws InterruptedException when the wait is interrupted
   */
  static Optional<String> await(Future<RecordMetadata> sent) throws InterruptedException {
    try {
      sent.get(SEND_TIMEOUT.toMillis() + 5000, TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.of(String.valueOf(e.getCause().getMessage()));
    } catch (TimeoutException e) {
      sent.cancel(false);
      return Optional.of("the broker did not acknowledge within " + SEND_TIMEOUT.toSeconds() + " s");
    }
  }

  /**
   * Creates those of {@code topics} that do not exist, with the broker's default partitions and replication (what
   * the broker's automatic creation would do), and waits until the broker describes them. Failures are logged only:
   * a broker that refuses creation may still create topics on first use.
   */
  void ensureTopics(Collection<String> topics) {
    try {
      Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
          .map(t -> new NewTopic(t, Optional.empty(), Optional.empty())).toList();
      if (missing.isEmpty()) {
        return;
      }
      try {
        admin.createTopics(missing).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
      List<String> names = missing.stream().map(NewTopic::name).toList();
      while (true) {
        try {
          admin.describeTopics(names).allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          return;
        } catch (ExecutionException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(50);
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.log(Level.WARNING, label + ": could not make sure topics " + topics + " exist: " + cause.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The metadata of a read record, as components-contrib gives it. */
  Map<String, String> metadata(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> m = new HashMap<>();
    if (record.key() != null) {
      m.put("__key", escape(new String(record.key(), StandardCharsets.UTF_8)));
    }
    m.put("__offset", Long.toString(record.offset()));
    m.put("__topic", record.topic());
    m.put("__timestamp", Long.toString(record.timestamp()));
    m.put("__partition", Integer.toString(record.partition()));
    for (Header h : record.headers()) {
      if (!settings.excluded(h.key())) {
        m.put(h.key(), escape(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8)));
      }
    }
    return m;
  }

  private String escape(String value) {
    return settings.escapeHeaders() ? URLEncoder.encode(value, StandardCharsets.UTF_8) : value;
  }

  @Override
  public void close() {
    try {
      producer.close(Duration.ofSeconds(5));
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
  }
}
