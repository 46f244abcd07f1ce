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
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bindings.kafka}, input and output, with {@link KafkaSettings}' metadata as components-contrib's binding
 * reads it.
 *
 * <p>Output: the one operation {@code create} publishes the request's data to {@code publishTopic}, with the
 * request metadata as headers and {@code partitionKey} as the record key ({@link KafkaClient}); it answers nothing
 * once every in-sync replica has the record.
 *
 * <p>Input: a reader consumes {@code topics} (comma separated) in the consumer group {@code consumerGroup} (else
 * {@code consumerID}, else the app id), partitions in parallel and the events of one partition one at a time, in
 * order, each with {@code __topic}, {@code __key},
 * {@code __partition}, {@code __offset}, {@code __timestamp} and the record's headers as metadata. Offsets are
 * committed after the handler returned. As in contrib, {@code consumeRetryEnabled} is false by default: an event the
 * handler refused is logged and passed; with it true, it is delivered again after {@code consumeRetryInterval}
 * ({@link KafkaReader}). With no {@code topics}, reading does nothing (contrib logs a warning too).
 */
public final class KafkaBinding implements InputBinding, OutputBinding {
  /** The component type. */
  public static final String TYPE = "bindings.kafka";
  private static final System.Logger LOG = System.getLogger(KafkaBinding.class.getName());

  private KafkaComponent kafka;
  private String publishTopic;
  private List<String> topics = List.of();

  /** A component to be initialized with {@link #init}. */
  public KafkaBinding() {
  }

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    publishTopic = metadata.get("publishTopic").orElse(null);
    List<String> listed = new ArrayList<>();
    for (String t : metadata.get("topics", "").split(",")) {
      if (!t.isBlank()) {
        listed.add(t.trim());
      }
    }
    topics = List.copyOf(listed);
    kafka = KafkaComponent.open(metadata, TYPE, false);
  }

  @Override
  public void check() throws ComponentException {
    kafka.check(BindingException::new);
  }

  @Override
  public List<String> operations() {
    return List.of("create");
  }

  @Override
  public BindingResponse invoke(BindingRequest request) throws BindingException {
    kafka.requireOpen(BindingException::new);
    if (publishTopic == null) {
      throw new BindingException(kafka.label() + ": no publishTopic is configured");
    }
    kafka.publish(publishTopic, request.data(), request.metadata(), BindingException::new);
    return BindingResponse.EMPTY;
  }

  @Override
  public BindingReader read(InputHandler handler) throws BindingException {
    kafka.requireOpen(BindingException::new);
    if (topics.isEmpty()) {
      LOG.log(Level.WARNING, kafka.label() + ": no topics are configured; the input binding reads nothing");
      return () -> {
      };
    }
    KafkaClient client = kafka.client();
    Runnable stop = kafka.read(kafka.settings().consumerGroup(), topics, "reading topics " + topics,
        record -> handler.handle(new BindingEvent(record.value(), client.metadata(record), null)),
        BindingException::new);
    return stop::run;
  }

  @Override
  public void close() {
    if (kafka != null) {
      kafka.close();
    }
  }
}
