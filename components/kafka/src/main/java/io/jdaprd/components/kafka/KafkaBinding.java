package io.jdaprd.components.kafka;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingEvent;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingReader;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.bindings.InputHandler;
import io.jdaprd.spi.bindings.OutputBinding;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * {@code bindings.kafka}, input and output, with {@link KafkaSettings}' metadata as components-contrib's binding
 * reads it.
 *
 * <p>Output: the one operation {@code create} publishes the request's data to {@code publishTopic}, with the
 * request metadata as headers and {@code partitionKey} as the record key ({@link KafkaClient}); it answers nothing
 * once every in-sync replica has the record.
 *
 * <p>Input: a reader consumes {@code topics} (comma separated) in the consumer group {@code consumerGroup} (else
 * {@code consumerID}, else the app id), one event at a time, each with {@code __topic}, {@code __key},
 * {@code __partition}, {@code __offset}, {@code __timestamp} and the record's headers as metadata. Offsets are
 * committed after the handler returned. As in contrib, {@code consumeRetryEnabled} is false by default: an event the
 * handler refused is logged and passed; with it true, it is delivered again after {@code consumeRetryInterval}
 * ({@link KafkaReader}). With no {@code topics}, reading does nothing (contrib logs a warning too).
 */
public final class KafkaBinding implements InputBinding, OutputBinding {
  /** The component type. */
  public static final String TYPE = "bindings.kafka";
  private static final System.Logger LOG = System.getLogger(KafkaBinding.class.getName());
  private static final Duration ASSIGNMENT_WAIT = Duration.ofSeconds(30);

  private final Set<KafkaReader> readers = ConcurrentHashMap.newKeySet();
  private KafkaClient client;
  private String publishTopic;
  private List<String> topics = List.of();
  private volatile boolean closed;

  /** A component to be initialized with {@link #init}. */
  public KafkaBinding() {
  }

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    KafkaSettings settings = KafkaSettings.from(metadata, false);
    String label = "component " + metadata.name() + " (" + TYPE + ")";
    publishTopic = metadata.get("publishTopic").orElse(null);
    List<String> listed = new ArrayList<>();
    for (String t : metadata.get("topics", "").split(",")) {
      if (!t.isBlank()) {
        listed.add(t.trim());
      }
    }
    topics = List.copyOf(listed);
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
  }

  @Override
  public void check() throws ComponentException {
    Optional<String> down = client.unreachable();
    if (down.isPresent()) {
      throw new BindingException(client.label() + ": no broker answers: " + down.get());
    }
  }

  @Override
  public List<String> operations() {
    return List.of("create");
  }

  @Override
  public BindingResponse invoke(BindingRequest request) throws BindingException {
    if (closed) {
      throw new BindingException(client.label() + ": the component is closed");
    }
    if (publishTopic == null) {
      throw new BindingException(client.label() + ": no publishTopic is configured");
    }
    Future<RecordMetadata> sent;
    try {
      sent = client.send(client.record(publishTopic, request.data(), request.metadata()));
    } catch (IllegalArgumentException | KafkaException e) {
      throw new BindingException(client.label() + ": publishing to topic " + publishTopic + " failed: "
          + e.getMessage(), e);
    }
    Optional<String> failure;
    try {
      failure = KafkaClient.await(sent);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BindingException(client.label() + ": publishing to topic " + publishTopic + " was interrupted");
    }
    if (failure.isPresent()) {
      throw new BindingException(client.label() + ": publishing to topic " + publishTopic + " failed: "
          + failure.get());
    }
    return BindingResponse.EMPTY;
  }

  @Override
  public BindingReader read(InputHandler handler) throws BindingException {
    if (closed) {
      throw new BindingException(client.label() + ": the component is closed");
    }
    if (topics.isEmpty()) {
      LOG.log(Level.WARNING, client.label() + ": no topics are configured; the input binding reads nothing");
      return () -> {
      };
    }
    client.ensureTopics(topics);
    KafkaReader reader;
    try {
      reader = new KafkaReader(client.label(), client.settings(), client.settings().consumerGroup(), topics,
          record -> handler.handle(new BindingEvent(record.value(), client.metadata(record), null)));
    } catch (KafkaException e) {
      throw new BindingException(client.label() + ": reading topics " + topics + " failed: " + e.getMessage(), e);
    }
    readers.add(reader);
    try {
      if (!reader.start(ASSIGNMENT_WAIT)) {
        LOG.log(Level.WARNING, client.label() + ": consumer group " + client.settings().consumerGroup()
            + " gave no partitions of " + topics + " within " + ASSIGNMENT_WAIT.toSeconds() + " s; still trying");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reader.close();
      readers.remove(reader);
      throw new BindingException(client.label() + ": reading topics " + topics + " was interrupted");
    }
    return () -> {
      reader.close();
      readers.remove(reader);
    };
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
