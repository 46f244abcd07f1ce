package io.jdaprd.components.nats;

import io.jdaprd.spi.pubsub.PubSubException;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the JetStream stream that keeps a topic, creating it when there is none, and remembers the answer. A topic is
 * a NATS subject; the stream is {@code streamName} when it is set, else whichever stream's subjects cover the topic,
 * else a new file-storage stream named after the topic ({@link #derivedStreamName}).
 */
final class StreamCatalog {
  private static final System.Logger LOG = System.getLogger(StreamCatalog.class.getName());
  /** The JetStream API error code of "stream not found". */
  static final int STREAM_NOT_FOUND = 10059;

  private final JetStreamManagement management;
  private final JetStreamSettings settings;
  private final Map<String, String> streamByTopic = new ConcurrentHashMap<>();

  StreamCatalog(JetStreamManagement management, JetStreamSettings settings) {
    this.management = management;
    this.settings = settings;
  }

  /** The name of the stream that keeps {@code topic}, after creating or extending one if none does. */
  String streamFor(String topic) throws PubSubException {
    String known = streamByTopic.get(topic);
    if (known != null) {
      return known;
    }
    String stream;
    try {
      stream = resolve(topic);
    } catch (JetStreamApiException first) {
      // Another client may have created the stream at the same moment: look again once.
      try {
        stream = resolve(topic);
      } catch (JetStreamApiException | IOException e) {
        throw failure(topic, e);
      }
    } catch (IOException e) {
      throw failure(topic, e);
    }
    streamByTopic.put(topic, stream);
    return stream;
  }

  /** Forgets what is known about {@code topic}, for example after its stream was deleted. */
  void forget(String topic) {
    streamByTopic.remove(topic);
  }

  /**
   * The name this component gives a stream it creates for {@code topic}: the topic with every character a stream name
   * may not hold replaced by {@code _}, and, when something was replaced, a short hash of the topic so that topics
   * differing only there get streams of their own.
   */
  static String derivedStreamName(String topic) {
    return safeName(topic);
  }

  /** {@code text} as a valid stream or consumer name, kept readable and unique. */
  static String safeName(String text) {
    String safe = text.replaceAll("[\\s.*>/\\\\]", "_");
    if (safe.equals(text) && safe.length() <= 200) {
      return safe;
    }
    return (safe.length() > 180 ? safe.substring(0, 180) : safe) + "_" + shortHash(text);
  }

  private String resolve(String topic) throws IOException, JetStreamApiException {
    List<String> covering = management.getStreamNames(topic);
    String wanted = settings.streamName();
    if (wanted == null) {
      if (!covering.isEmpty()) {
        return covering.get(0);
      }
      String name = derivedStreamName(topic);
      create(name, topic);
      return name;
    }
    if (covering.contains(wanted)) {
      return wanted;
    }
    if (!covering.isEmpty()) {
      throw new JetStreamApiCoverage(topic, covering.get(0), wanted);
    }
    StreamInfo existing = info(wanted);
    if (existing == null) {
      create(wanted, topic);
    } else {
      List<String> subjects = new ArrayList<>(existing.getConfiguration().getSubjects());
      subjects.add(topic);
      management.updateStream(StreamConfiguration.builder(existing.getConfiguration()).subjects(subjects).build());
      LOG.log(Level.INFO, "pubsub.jetstream: added subject {0} to stream {1}", topic, wanted);
    }
    return wanted;
  }

  private void create(String name, String topic) throws IOException, JetStreamApiException {
    StreamConfiguration.Builder config = StreamConfiguration.builder().name(name).subjects(topic)
        .storageType(StorageType.File).description("created by jdaprd pubsub.jetstream for topic " + topic);
    if (settings.replicas() > 0) {
      config.replicas(settings.replicas());
    }
    management.addStream(config.build());
    LOG.log(Level.INFO, "pubsub.jetstream: created stream {0} (file storage) for topic {1}", name, topic);
  }

  private StreamInfo info(String name) throws IOException, JetStreamApiException {
    try {
      return management.getStreamInfo(name);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  private PubSubException failure(String topic, Exception e) {
    if (e instanceof JetStreamApiCoverage coverage) {
      return new PubSubException(coverage.getMessage());
    }
    String reason = e instanceof JetStreamApiException api ? api.getErrorDescription() : e.getMessage();
    return new PubSubException("pubsub.jetstream: cannot find or create the stream for topic " + topic + ": "
        + settings.scrub(reason), e);
  }

  private static String shortHash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The topic is kept by another stream than {@code streamName}: a configuration error, not worth a retry. */
  private static final class JetStreamApiCoverage extends IOException {
    private static final long serialVersionUID = 1L;

    JetStreamApiCoverage(String topic, String covering, String wanted) {
      super("pubsub.jetstream: streamName: " + wanted + " (expected: " + covering + ", the stream whose subjects"
          + " already cover topic " + topic + ")");
    }
  }
}
