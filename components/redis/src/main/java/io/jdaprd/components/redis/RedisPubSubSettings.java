package io.jdaprd.components.redis;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.golang.GoDurations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * The metadata of a {@code pubsub.redis} component, as Dapr reads it: the connection ({@link RedisSettings}) and
 * the stream settings. Durations are Go durations ({@code 30s}, {@code 500ms}) or plain numbers of milliseconds.
 *
 * @param connection how to reach Redis
 * @param consumerId the consumer group (and consumer name) of subscriptions that name none: {@code consumerID}, else
 *     the app id
 * @param redeliverInterval how often pending messages are looked at for redelivery; zero switches redelivery off
 * @param processingTimeout how long a message stays pending before it is delivered again; zero switches redelivery
 *     off
 * @param queueDepth how many entries one read (and one redelivery pass) takes at most
 * @param concurrency how many handlers of one subscription run at once
 * @param maxLenApprox the length a publish trims its stream to ({@code MAXLEN ~}), or 0 for no limit
 * @param streamTtl how old entries a publish trims from its stream ({@code MINID ~}), or zero for no limit
 */
record RedisPubSubSettings(RedisSettings connection, String consumerId, Duration redeliverInterval,
    Duration processingTimeout, int queueDepth, int concurrency, long maxLenApprox, Duration streamTtl) {

  /** The metadata key (component, subscription and publish) of the consumer group. */
  static final String CONSUMER_ID = "consumerID";
  /** The metadata key (component and publish) of the approximate stream length limit. */
  static final String MAX_LEN_APPROX = "maxLenApprox";

  private static final String DURATION_OR_OFF = "a duration such as 500ms or 30s, a number of milliseconds, or 0 for"
      + " off";

  /** Reads and checks the metadata; the message of a failure names the field and the value. */
  static RedisPubSubSettings from(ComponentMetadata m) throws ComponentException {
    RedisSettings connection = RedisSettings.from(m);
    String appId = m.appId() == null ? "" : m.appId().trim();
    String consumerId = m.get(CONSUMER_ID, appId);
    if (consumerId.isEmpty()) {
      throw new ComponentException("component " + m.name() + " (" + m.type() + "): metadata " + CONSUMER_ID
          + " is required when there is no app id to default to");
    }
    Duration redeliverInterval = duration(m, "redeliverInterval", Duration.ofSeconds(60));
    Duration processingTimeout = duration(m, "processingTimeout", Duration.ofSeconds(15));
    int queueDepth = atLeastOne(m, "queueDepth", 100);
    int concurrency = atLeastOne(m, "concurrency", 10);
    long maxLenApprox = maxLenApprox(m.get(MAX_LEN_APPROX), 0, text -> m.invalid(MAX_LEN_APPROX, text,
        "a whole number of entries, 0 or more"));
    Duration streamTtl = duration(m, "streamTTL", Duration.ZERO);
    return new RedisPubSubSettings(connection, consumerId, redeliverInterval, processingTimeout, queueDepth,
        concurrency, maxLenApprox, streamTtl);
  }

  /** Whether unacknowledged messages are delivered again: both redeliverInterval and processingTimeout are set. */
  boolean redeliveryEnabled() {
    return !redeliverInterval.isZero() && !processingTimeout.isZero();
  }

  /**
   * The {@code MINID} a publish at {@code now} trims its stream to, as Dapr computes it
   * ({@code <now - streamTTL in ms>-1}), or empty without {@code streamTTL}.
   */
  Optional<String> minId(Instant now) {
    if (streamTtl.isZero()) {
      return Optional.empty();
    }
    return Optional.of((now.toEpochMilli() - streamTtl.toMillis()) + "-1");
  }

  /**
   * The {@code MAXLEN ~} of a publish: its own {@code maxLenApprox} metadata when set (names case-insensitive),
   * else the component's.
   *
   * @throws IllegalArgumentException when the publish metadata is not a whole number of 0 or more; the message
   *     names the key and the value
   */
  long maxLenApprox(Map<String, String> publishMetadata) {
    Optional<String> own = Optional.empty();
    for (Map.Entry<String, String> e : publishMetadata.entrySet()) {
      if (e.getKey().equalsIgnoreCase(MAX_LEN_APPROX) && e.getValue() != null && !e.getValue().isBlank()) {
        own = Optional.of(e.getValue().trim());
      }
    }
    return maxLenApprox(own, maxLenApprox, text -> new IllegalArgumentException(MAX_LEN_APPROX + ": " + text
        + " (expected: a whole number of entries, 0 or more)"));
  }

  @Override
  public String toString() {
    return "RedisPubSubSettings[connection=" + connection + ", consumerId=" + consumerId + ", redeliverInterval="
        + redeliverInterval + ", processingTimeout=" + processingTimeout + ", queueDepth=" + queueDepth
        + ", concurrency=" + concurrency + ", maxLenApprox=" + maxLenApprox + ", streamTtl=" + streamTtl + "]";
  }

  /** How the failure of a value is reported. */
  private interface Invalid<E extends Exception> {
    E of(String text);
  }

  private static <E extends Exception> long maxLenApprox(Optional<String> text, long fallback, Invalid<E> invalid)
      throws E {
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text.get());
      if (value < 0) {
        throw invalid.of(text.get());
      }
      return value;
    } catch (NumberFormatException e) {
      throw invalid.of(text.get());
    }
  }

  private static int atLeastOne(ComponentMetadata m, String key, int fallback) throws ComponentException {
    int value = m.getInt(key, fallback);
    if (value < 1) {
      throw m.invalid(key, String.valueOf(value), "an integer of at least 1");
    }
    return value;
  }

  private static Duration duration(ComponentMetadata m, String key, Duration fallback) throws ComponentException {
    Optional<String> text = m.get(key);
    if (text.isEmpty()) {
      return fallback;
    }
    return GoDurations.parseMetadata(text.get(), ChronoUnit.MILLIS).filter(d -> !d.isNegative())
        .orElseThrow(() -> m.invalid(key, text.get(), DURATION_OR_OFF));
  }
}
