package io.jdaprd.components.kafka;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * What {@code pubsub.kafka} and {@code bindings.kafka} share: reading the settings and connecting at init (a
 * component whose brokers do not answer fails to start), the health check, publishing one record and waiting for
 * the brokers' acknowledgement, and the readers, which {@link #close()} stops before the clients. Failures come out
 * as the component's own exception type, made by the {@link Failure} each call is given.
 */
final class KafkaComponent implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KafkaComponent.class.getName());
  private static final Duration ASSIGNMENT_WAIT = Duration.ofSeconds(30);

  /** Makes a component's exception from a message and a cause (possibly null). */
  @FunctionalInterface
  interface Failure<E extends ComponentException> {
    E of(String message, Throwable cause);
  }

  private final KafkaClient client;
  private final Set<KafkaReader> readers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private KafkaComponent(KafkaClient client) {
    this.client = client;
  }

  /**
   * Reads {@code metadata} ({@link KafkaSettings}, {@code retryByDefault} being {@code consumeRetryEnabled}'s
   * default) and connects, checking that a broker answers.
   *
   * @throws ComponentException on invalid metadata, or when no broker answers
   */
  static KafkaComponent open(ComponentMetadata metadata, String type, boolean retryByDefault)
      throws ComponentException {
    KafkaSettings settings = KafkaSettings.from(metadata, retryByDefault);
    String label = "component " + metadata.name() + " (" + type + ")";
    KafkaClient client;
    try {
      client = new KafkaClient(label, settings);
    } catch (KafkaException e) {
      throw new ComponentException(label + ": invalid Kafka client settings: " + e.getMessage(), e);
    }
    Optional<String> down = client.unreachable();
    if (down.isPresent()) {
      client.close();
      throw new ComponentException(label + ": cannot connect to the brokers " + settings.brokers() + ": "
          + down.get());
    }
    return new KafkaComponent(client);
  }

  String label() {
    return client.label();
  }

  KafkaSettings settings() {
    return client.settings();
  }

  KafkaClient client() {
    return client;
  }

  /** Fails when no broker answers. */
  <E extends ComponentException> void check(Failure<E> failure) throws E {
    Optional<String> down = client.unreachable();
    if (down.isPresent()) {
      throw failure.of(client.label() + ": no broker answers: " + down.get(), null);
    }
  }

  /** Fails once the component is closed. */
  <E extends ComponentException> void requireOpen(Failure<E> failure) throws E {
    if (closed) {
      throw failure.of(client.label() + ": the component is closed", null);
    }
  }

  /**
   * Publishes {@code data} to {@code topic} with {@code metadata} ({@link KafkaClient#record}) and returns once every
   * in-sync replica has it.
   */
  <E extends ComponentException> void publish(String topic, byte[] data, Map<String, String> metadata,
      Failure<E> failure) throws E {
    requireOpen(failure);
    Future<RecordMetadata> sent;
    try {
      sent = client.send(client.record(topic, data, metadata));
    } catch (IllegalArgumentException | KafkaException e) {
      throw failure.of(client.label() + ": publishing to topic " + topic + " failed: " + e.getMessage(), e);
    }
    Optional<String> refused;
    try {
      refused = KafkaClient.await(sent);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure.of(client.label() + ": publishing to topic " + topic + " was interrupted", null);
    }
    if (refused.isPresent()) {
      throw failure.of(client.label() + ": publishing to topic " + topic + " failed: " + refused.get(), null);
    }
  }

  /**
   * Creates the missing {@code topics}, starts a reader of them in consumer group {@code group} and waits (at most 30
   * s, then it keeps trying in the background) for its partitions; {@code what} names the reading in errors and
   * logs (e.g. "subscribing to topic t").
   *
   * @return what stops the reader ({@link KafkaReader#close()}); idempotent
   */
  <E extends ComponentException> Runnable read(String group, List<String> topics, String what,
      KafkaReader.RecordHandler handler, Failure<E> failure) throws E {
    requireOpen(failure);
    client.ensureTopics(topics);
    KafkaReader reader;
    try {
      reader = new KafkaReader(client.label(), client.settings(), group, topics, handler);
    } catch (KafkaException e) {
      throw failure.of(client.label() + ": " + what + " failed: " + e.getMessage(), e);
    }
    readers.add(reader);
    Runnable stop = () -> {
      reader.close();
      readers.remove(reader);
    };
    try {
      if (!reader.start(ASSIGNMENT_WAIT)) {
        LOG.log(Level.WARNING, client.label() + ": consumer group " + group + " gave no partitions of " + topics
            + " within " + ASSIGNMENT_WAIT.toSeconds() + " s; still trying");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop.run();
      throw failure.of(client.label() + ": " + what + " was interrupted", null);
    }
    return stop;
  }

  /** Stops every reader (each waits for its handler calls in flight), then closes the clients. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (KafkaReader r : List.copyOf(readers)) {
      r.close();
    }
    readers.clear();
    client.close();
  }
}
