package io.jdaprd.components.kafka;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.BulkPublishFailure;
import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * {@code pubsub.kafka}: topics as Kafka topics, consumer ids as consumer groups, with components-contrib's metadata
 * ({@link KafkaSettings}). Publishing returns once every in-sync replica has the record ({@link KafkaClient} for key,
 * partition and headers); a bulk publish sends every entry before waiting for any and reports the ones refused
 * ({@link PubSubFeature#BULK_PUBSUB}, as contrib).
 *
 * <p>A subscription is one consumer of the group named by the subscription's {@code consumerGroup} or
 * {@code consumerID} metadata, else the component's {@code consumerGroup}, else its {@code consumerID}, else the app
 * id. It creates its topic when missing (with the broker's defaults, as the broker's automatic creation would) and
 * returns once the group has assigned it its partitions. Offsets are committed only after the handler returned
 * (at least once); a message whose handler threw is handed over again after {@code consumeRetryInterval} while later
 * ones flow ({@link KafkaReader}). The component reports {@link PubSubFeature#DURABLE} unless
 * {@code consumeRetryEnabled} is false; no {@code MESSAGE_TTL} (like contrib, the runtime puts the expiry in the
 * envelope).
 */
public final class KafkaPubSub implements PubSub {
  /** The component type. */
  public static final String TYPE = "pubsub.kafka";
  private static final System.Logger LOG = System.getLogger(KafkaPubSub.class.getName());
  private static final Duration ASSIGNMENT_WAIT = Duration.ofSeconds(30);

  private final Set<KafkaReader> readers = ConcurrentHashMap.newKeySet();
  private KafkaClient client;
  private Set<PubSubFeature> features = Set.of();
  private volatile boolean closed;

  /** A component to be initialized with {@link #init}. */
  public KafkaPubSub() {
  }

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    KafkaSettings settings = KafkaSettings.from(metadata, true);
    String label = "component " + metadata.name() + " (" + TYPE + ")";
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
    EnumSet<PubSubFeature> reported = EnumSet.of(PubSubFeature.BULK_PUBSUB);
    if (settings.consumeRetryEnabled()) {
      reported.add(PubSubFeature.DURABLE);
    }
    features = Set.copyOf(reported);
  }

  @Override
  public Set<PubSubFeature> features() {
    return features;
  }

  @Override
  public void check() throws ComponentException {
    Optional<String> down = client.unreachable();
    if (down.isPresent()) {
      throw new PubSubException(client.label() + ": no broker answers: " + down.get());
    }
  }

  @Override
  public void publish(PublishRequest request) throws PubSubException {
    open();
    Future<RecordMetadata> sent;
    try {
      sent = client.send(client.record(request.topic(), request.data(), request.metadata()));
    } catch (IllegalArgumentException | KafkaException e) {
      throw new PubSubException(client.label() + ": publishing to topic " + request.topic() + " failed: "
          + e.getMessage(), e);
    }
    Optional<String> failure;
    try {
      failure = KafkaClient.await(sent);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PubSubException(client.label() + ": publishing to topic " + request.topic() + " was interrupted");
    }
    if (failure.isPresent()) {
      throw new PubSubException(client.label() + ": publishing to topic " + request.topic() + " failed: "
          + failure.get());
    }
  }

  @Override
  public List<BulkPublishFailure> bulkPublish(List<PublishRequest> requests) {
    List<BulkPublishFailure> failed = new ArrayList<>();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (PublishRequest r : requests) {
      try {
        open();
        sent.add(client.send(client.record(r.topic(), r.data(), r.metadata())));
      } catch (PubSubException | IllegalArgumentException | KafkaException e) {
        sent.add(null);
        failed.add(new BulkPublishFailure(r.entryId(), e.getMessage()));
      }
    }
    for (int i = 0; i < requests.size(); i++) {
      if (sent.get(i) == null) {
        continue;
      }
      try {
        Optional<String> failure = KafkaClient.await(sent.get(i));
        if (failure.isPresent()) {
          failed.add(new BulkPublishFailure(requests.get(i).entryId(), failure.get()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.add(new BulkPublishFailure(requests.get(i).entryId(), "interrupted"));
      }
    }
    return failed;
  }

  @Override
  public Subscription subscribe(SubscribeRequest request, MessageHandler handler) throws PubSubException {
    open();
    Map<String, String> m = request.metadata();
    String group = Optional.ofNullable(m.get("consumerGroup")).filter(v -> !v.isBlank())
        .or(() -> Optional.ofNullable(m.get("consumerID")).filter(v -> !v.isBlank()))
        .orElse(client.settings().consumerGroup());
    String topic = request.topic();
    client.ensureTopics(List.of(topic));
    KafkaReader reader;
    try {
      reader = new KafkaReader(client.label(), client.settings(), group, List.of(topic),
          record -> handler.handle(new Message(record.topic(), record.value(), null, client.metadata(record))));
    } catch (KafkaException e) {
      throw new PubSubException(client.label() + ": subscribing to topic " + topic + " failed: " + e.getMessage(), e);
    }
    readers.add(reader);
    try {
      if (!reader.start(ASSIGNMENT_WAIT)) {
        LOG.log(Level.WARNING, client.label() + ": consumer group " + group + " gave no partitions of topic " + topic
            + " within " + ASSIGNMENT_WAIT.toSeconds() + " s; the subscription keeps trying");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reader.close();
      readers.remove(reader);
      throw new PubSubException(client.label() + ": subscribing to topic " + topic + " was interrupted");
    }
    return () -> {
      reader.close();
      readers.remove(reader);
    };
  }

  private void open() throws PubSubException {
    if (closed) {
      throw new PubSubException(client.label() + ": the component is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    for (KafkaReader r : List.copyOf(readers)) {
      r.close();
    }
    readers.clear();
    if (client != null) {
      client.close();
    }
  }
}
