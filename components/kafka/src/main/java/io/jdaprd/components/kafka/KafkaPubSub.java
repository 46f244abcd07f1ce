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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * returns once the group has assigned it its partitions. The partitions are delivered in parallel, the messages of
 * one partition one at a time in order; offsets are committed only after the handler returned (at least once); a
 * message whose handler threw is handed over again after {@code consumeRetryInterval} while later ones flow
 * ({@link KafkaReader}). The component reports {@link PubSubFeature#DURABLE} unless
 * {@code consumeRetryEnabled} is false; no {@code MESSAGE_TTL} (like contrib, the runtime puts the expiry in the
 * envelope).
 */
public final class KafkaPubSub implements PubSub {
  /** The component type. */
  public static final String TYPE = "pubsub.kafka";

  private KafkaComponent kafka;
  private Set<PubSubFeature> features = Set.of();

  /** A component to be initialized with {@link #init}. */
  public KafkaPubSub() {
  }

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    kafka = KafkaComponent.open(metadata, TYPE, true);
    EnumSet<PubSubFeature> reported = EnumSet.of(PubSubFeature.BULK_PUBSUB);
    if (kafka.settings().consumeRetryEnabled()) {
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
    kafka.check(PubSubException::new);
  }

  @Override
  public void publish(PublishRequest request) throws PubSubException {
    kafka.publish(request.topic(), request.data(), request.metadata(), PubSubException::new);
  }

  @Override
  public List<BulkPublishFailure> bulkPublish(List<PublishRequest> requests) {
    KafkaClient client = kafka.client();
    List<BulkPublishFailure> failed = new ArrayList<>();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (PublishRequest r : requests) {
      try {
        kafka.requireOpen(PubSubException::new);
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
    Map<String, String> m = request.metadata();
    String group = Optional.ofNullable(m.get("consumerGroup")).filter(v -> !v.isBlank())
        .or(() -> Optional.ofNullable(m.get("consumerID")).filter(v -> !v.isBlank()))
        .orElse(kafka.settings().consumerGroup());
    String topic = request.topic();
    KafkaClient client = kafka.client();
    Runnable stop = kafka.read(group, List.of(topic), "subscribing to topic " + topic,
        record -> handler.handle(new Message(record.topic(), record.value(), null, client.metadata(record))),
        PubSubException::new);
    return stop::run;
  }

  @Override
  public void close() {
    if (kafka != null) {
      kafka.close();
    }
  }
}
