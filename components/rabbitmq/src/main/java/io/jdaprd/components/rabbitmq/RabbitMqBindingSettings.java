package io.jdaprd.components.rabbitmq;

import io.jdaprd.golang.GoDurations;
import io.jdaprd.golang.Strconv;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The metadata of {@code bindings.rabbitmq}, with the names, defaults and messages of Dapr's binding:
 * {@code host} (required, an {@code amqp://} or {@code amqps://} URI), {@code queueName} (required),
 * {@code durable}, {@code deleteWhenUnused} and {@code exclusive} (all false), {@code prefetchCount} (0: no limit),
 * {@code maxPriority} (the queue's {@code x-max-priority}; above 255 counts as 255), {@code ttl} (alias
 * {@code ttlInSeconds}: the queue's {@code x-message-ttl}), {@code reconnectWaitInSeconds} (5s) and {@code caCert}
 * (a PEM authority to trust for {@code amqps}).
 *
 * @param uri the broker's URI, credentials included
 * @param queueName the queue the binding publishes to and reads from
 * @param durable whether the queue is declared durable
 * @param deleteWhenUnused whether the queue is declared auto-delete
 * @param exclusive whether the queue is declared exclusive to the connection
 * @param prefetchCount how many unacknowledged messages the reader may hold; 0 for no limit
 * @param maxPriority the queue's highest priority, or {@code null} for a queue without priorities
 * @param queueTtl the queue's message TTL, or {@code null} for none
 * @param reconnectWait the pause before connecting again
 * @param caCert a PEM certificate authority to trust, or {@code null} for the JVM's
 */
record RabbitMqBindingSettings(URI uri, String queueName, boolean durable, boolean deleteWhenUnused,
    boolean exclusive, int prefetchCount, Integer maxPriority, Duration queueTtl, Duration reconnectWait,
    String caCert) {

  static final Duration DEFAULT_RECONNECT_WAIT = Duration.ofSeconds(5);

  /** Reads the metadata; a failure's message is Dapr's where it has one, and never holds the password. */
  static RabbitMqBindingSettings from(ComponentMetadata m) throws ComponentException {
    for (String key : new String[] {"clientCert", "clientKey"}) {
      if (m.get(key).isPresent()) {
        throw m.invalid(key, "(set)", "unset: jdaprd's bindings.rabbitmq does not support client certificates");
      }
    }
    String host = m.get("host").orElseThrow(() -> new ComponentException("missing host address"));
    URI uri;
    try {
      uri = new URI(host);
    } catch (URISyntaxException e) {
      throw m.invalid("host", "(not a URI)",
          "amqp://[username[:password]@]host[:port][/vhost] or amqps://...");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("amqp") && !scheme.equals("amqps") || uri.getHost() == null) {
      throw m.invalid("host", RabbitMqSettings.redact(uri), "amqp://[username[:password]@]host[:port][/vhost]"
          + " or amqps://...");
    }
    String queue = m.get("queueName").orElseThrow(() -> new ComponentException("missing queue Name"));
    int prefetch = m.getInt("prefetchCount", 0);
    if (prefetch < 0 || prefetch > 65535) {
      throw m.invalid("prefetchCount", String.valueOf(prefetch), "an integer from 0 to 65535");
    }
    Integer maxPriority = null;
    Optional<String> priority = m.get("maxPriority");
    if (priority.isPresent()) {
      try {
        long parsed = Long.parseUnsignedLong(priority.get());
        maxPriority = (int) Math.min(255, parsed < 0 ? 255 : parsed);
      } catch (NumberFormatException e) {
        throw new ComponentException("can't parse maxPriority field: strconv.ParseUint: parsing "
            + Strconv.quote(priority.get()) + ": invalid syntax");
      }
    }
    Duration reconnectWait = m.getDuration("reconnectWaitInSeconds", DEFAULT_RECONNECT_WAIT);
    Duration ttl;
    try {
      ttl = ttl(m.properties()).orElse(null);
    } catch (IllegalArgumentException e) {
      throw new ComponentException("failed to parse TTL: " + e.getMessage());
    }
    return new RabbitMqBindingSettings(uri, queue, m.getBoolean("durable", false),
        m.getBoolean("deleteWhenUnused", false), m.getBoolean("exclusive", false), prefetch, maxPriority, ttl,
        reconnectWait.isPositive() ? reconnectWait : DEFAULT_RECONNECT_WAIT, m.get("caCert").orElse(null));
  }

  /**
   * A TTL as Dapr's {@code metadata.TryGetTTL} reads it: {@code ttl} or {@code ttlInSeconds} (any case), a Go
   * duration (a negative one counts as zero) or else a positive integer of seconds.
   *
   * @throws IllegalArgumentException with Dapr's message when the value is neither
   */
  static Optional<Duration> ttl(Map<String, String> metadata) {
    String value = property(metadata, "ttl");
    if (value == null || value.isEmpty()) {
      value = property(metadata, "ttlInSeconds");
    }
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> go = GoDurations.parse(value);
    if (go.isPresent()) {
      return Optional.of(go.get().isNegative() ? Duration.ZERO : go.get());
    }
    long seconds;
    try {
      seconds = Strconv.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ttl value must be a valid integer: actual is '" + value + "'");
    }
    if (seconds <= 0) {
      throw new IllegalArgumentException("ttl value must be higher than zero: actual is '" + seconds + "'");
    }
    return Optional.of(ChronoUnit.SECONDS.getDuration().multipliedBy(Math.min(seconds, 9_223_372_036L)));
  }

  /** The value of {@code name} in {@code metadata}: the exact key first, else any case. */
  static String property(Map<String, String> metadata, String name) {
    String exact = metadata.get(name);
    if (exact != null) {
      return exact;
    }
    return metadata.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }

  /** The broker's address without the password, for messages. */
  String brokerText() {
    return RabbitMqSettings.redact(uri);
  }

  /** {@code text} with the URI's password replaced by {@code ****}. */
  String scrub(String text) {
    String out = text == null ? "" : text;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && userInfo.indexOf(':') >= 0) {
      String raw = userInfo.substring(userInfo.indexOf(':') + 1);
      String decoded = uri.getUserInfo().substring(uri.getUserInfo().indexOf(':') + 1);
      for (String secret : new String[] {raw, decoded}) {
        if (!secret.isEmpty()) {
          out = out.replace(secret, "****");
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "RabbitMqBindingSettings[broker=" + brokerText() + ", queueName=" + queueName + ", durable=" + durable
        + ", deleteWhenUnused=" + deleteWhenUnused + ", exclusive=" + exclusive + ", prefetchCount="
        + prefetchCount + ", maxPriority=" + maxPriority + ", queueTtl=" + queueTtl + "]";
  }
}
