package io.jdaprd.components.rabbitmq;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The metadata of a {@code pubsub.rabbitmq} component, with daprd's names and defaults (including daprd's actual
 * default of {@code durable: true}, which its documentation lists as false). Durations ({@code reconnectWaitSeconds},
 * {@code heartBeat}, {@code ttlInSeconds}) are Go durations or plain numbers of seconds.
 *
 * @param uri the broker's {@code amqp://} or {@code amqps://} URI, credentials included
 * @param consumerId the component's consumer id ({@code consumerID}, else the app id)
 * @param durable whether exchanges and queues are declared durable
 * @param deleteWhenUnused whether exchanges and queues are declared auto-delete ({@code deletedWhenUnused})
 * @param autoAck whether the broker considers a message handled once it is sent
 * @param requeueInFailure whether a message whose handler failed goes back to its queue
 * @param deliveryMode the AMQP delivery mode of published messages: 0 (unset), 1 (transient) or 2 (persistent)
 * @param prefetchCount how many unacknowledged messages a consumer may hold; 0 for no limit
 * @param reconnectWait the pause between reconnection attempts
 * @param maxLen the queues' {@code x-max-length}, or 0 for none
 * @param maxLenBytes the queues' {@code x-max-length-bytes}, or 0 for none
 * @param exchangeKind the kind of the topic exchanges: fanout, topic, direct or headers
 * @param enableDeadLetter whether each queue gets a dead-letter exchange and queue
 * @param clientName the connection name shown by the broker, or {@code null}
 * @param heartBeat the requested heartbeat interval
 * @param publisherConfirm whether a publish waits for the broker's confirm
 * @param singleConcurrency whether a subscription handles one message at a time ({@code concurrencyMode: single})
 * @param defaultTtl the expiration of published messages without their own {@code ttlInSeconds}, or {@code null}
 * @param propertiesToMetadata whether delivered messages carry their AMQP properties as metadata
 * @param caCert a PEM certificate authority to trust for {@code amqps}, or {@code null} for the JVM's
 */
record RabbitMqSettings(URI uri, String consumerId, boolean durable, boolean deleteWhenUnused, boolean autoAck,
    boolean requeueInFailure, int deliveryMode, int prefetchCount, Duration reconnectWait, long maxLen,
    long maxLenBytes, String exchangeKind, boolean enableDeadLetter, String clientName, Duration heartBeat,
    boolean publisherConfirm, boolean singleConcurrency, Duration defaultTtl, boolean propertiesToMetadata,
    String caCert) {

  static final String AMQP = "amqp";
  static final String AMQPS = "amqps";
  private static final List<String> EXCHANGE_KINDS = List.of("fanout", "topic", "direct", "headers");
  private static final List<String> UNSUPPORTED = List.of("clientCert", "clientKey");

  /** Reads and checks the metadata; the message of a failure names the field and value, never a password. */
  static RabbitMqSettings from(ComponentMetadata m) throws ComponentException {
    for (String key : UNSUPPORTED) {
      if (m.get(key).isPresent()) {
        throw m.invalid(key, "(set)", "unset: jdaprd's pubsub.rabbitmq does not support client certificates");
      }
    }
    if (m.getBoolean("saslExternal", false)) {
      throw m.invalid("saslExternal", "true", "false: jdaprd's pubsub.rabbitmq does not support client certificates");
    }
    URI uri = uri(m);
    int deliveryMode = m.getInt("deliveryMode", 0);
    if (deliveryMode < 0 || deliveryMode > 2) {
      throw m.invalid("deliveryMode", String.valueOf(deliveryMode), "0, 1 (transient) or 2 (persistent)");
    }
    int prefetch = m.getInt("prefetchCount", 0);
    if (prefetch < 0 || prefetch > 255) {
      throw m.invalid("prefetchCount", String.valueOf(prefetch), "an integer from 0 to 255");
    }
    String kind = m.get("exchangeKind", "fanout");
    if (!EXCHANGE_KINDS.contains(kind)) {
      throw m.invalid("exchangeKind", kind, String.join(", ", EXCHANGE_KINDS));
    }
    Duration reconnectWait = seconds(m, "reconnectWaitSeconds", Duration.ofSeconds(3));
    Duration heartBeat = seconds(m, "heartBeat", Duration.ofSeconds(10));
    Duration ttl = m.get("ttlInSeconds").isPresent() ? seconds(m, "ttlInSeconds", null) : null;
    if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
      throw m.invalid("ttlInSeconds", m.get("ttlInSeconds").orElse(""), "a number of seconds greater than zero");
    }
    return new RabbitMqSettings(uri, m.get("consumerID").orElse(m.appId()), m.getBoolean("durable", true),
        m.getBoolean("deletedWhenUnused", true), m.getBoolean("autoAck", false),
        m.getBoolean("requeueInFailure", false), deliveryMode, prefetch, reconnectWait, length(m, "maxLen"),
        length(m, "maxLenBytes"), kind, m.getBoolean("enableDeadLetter", false), m.get("clientName").orElse(null),
        heartBeat, m.getBoolean("publisherConfirm", false), single(m), ttl,
        m.getBoolean("publishMessagePropertiesToMetadata", false), m.get("caCert").orElse(null));
  }

  /** Whether the broker is reached over TLS. */
  boolean tls() {
    return AMQPS.equals(uri.getScheme());
  }

  /** The broker's address without credentials, for messages: {@code amqp://host:port/vhost}. */
  String brokerText() {
    return redact(uri);
  }

  /** {@code text} with the password of the URI replaced by {@code ****}. */
  String scrub(String text) {
    String out = text == null ? "" : text;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && userInfo.indexOf(':') >= 0) {
      String rawPassword = userInfo.substring(userInfo.indexOf(':') + 1);
      String password = uri.getUserInfo().substring(uri.getUserInfo().indexOf(':') + 1);
      for (String secret : new String[] {rawPassword, password}) {
        if (!secret.isEmpty()) {
          out = out.replace(secret, "****");
        }
      }
    }
    return out;
  }

  /** The settings without the password. */
  @Override
  public String toString() {
    return "RabbitMqSettings[broker=" + brokerText() + ", consumerId=" + consumerId + ", durable=" + durable
        + ", deletedWhenUnused=" + deleteWhenUnused + ", autoAck=" + autoAck + ", requeueInFailure="
        + requeueInFailure + ", deliveryMode=" + deliveryMode + ", exchangeKind=" + exchangeKind + "]";
  }

  /** {@code uri} with any password replaced by {@code ****}. */
  static String redact(URI uri) {
    String userInfo = uri.getRawUserInfo();
    String user = userInfo == null ? "" : (userInfo.indexOf(':') >= 0
        ? userInfo.substring(0, userInfo.indexOf(':')) + ":****" : userInfo) + "@";
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + user + uri.getHost() + port + path;
  }

  private static URI uri(ComponentMetadata m) throws ComponentException {
    Optional<String> connectionString = m.get("connectionString").or(() -> m.get("host"));
    String key = m.get("connectionString").isPresent() ? "connectionString" : "host";
    Optional<String> protocol = m.get("protocol");
    if (protocol.isPresent() && !protocol.get().equals(AMQP) && !protocol.get().equals(AMQPS)) {
      throw m.invalid("protocol", protocol.get(), "amqp or amqps");
    }
    if (connectionString.isPresent()) {
      URI uri = parse(m, key, connectionString.get());
      if (protocol.isPresent() && !protocol.get().equals(uri.getScheme())) {
        throw m.invalid("protocol", protocol.get(), "unset, or " + uri.getScheme() + " as in " + key);
      }
      return uri;
    }
    String scheme = protocol.orElse(AMQP);
    String hostname = m.get("hostname", "localhost");
    String user = m.get("username").map(RabbitMqSettings::encode).orElse(null);
    String password = Optional.ofNullable(m.properties().get("password")).filter(p -> !p.isEmpty())
        .map(RabbitMqSettings::encode).orElse(null);
    String userInfo = user == null ? "" : user + (password == null ? "" : ":" + password) + "@";
    String text = scheme + "://" + userInfo + hostname;
    try {
      URI uri = new URI(text);
      if (uri.getHost() == null) {
        throw m.invalid("hostname", hostname, "a host name or host:port");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw m.invalid("hostname", hostname, "a host name or host:port");
    }
  }

  private static URI parse(ComponentMetadata m, String key, String text) throws ComponentException {
    String expected = "amqp://[username[:password]@]host[:port][/vhost] or amqps://...";
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw m.invalid(key, redactText(text), expected);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals(AMQP) && !scheme.equals(AMQPS) || uri.getHost() == null) {
      throw m.invalid(key, redactText(text), expected);
    }
    return uri;
  }

  /** A connection string that may not parse as a URI, without what looks like its password. */
  private static String redactText(String text) {
    return text.replaceAll("(://[^:/@]*):[^@]*@", "$1:****@");
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Duration seconds(ComponentMetadata m, String key, Duration fallback) throws ComponentException {
    return m.getDuration(key, fallback);
  }

  private static long length(ComponentMetadata m, String key) throws ComponentException {
    Optional<String> v = m.get(key);
    if (v.isEmpty()) {
      return 0;
    }
    try {
      long n = Long.parseLong(v.get());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      throw m.invalid(key, v.get(), "a whole number, 0 for no limit");
    }
    throw m.invalid(key, v.get(), "a whole number, 0 for no limit");
  }

  /** Dapr reads {@code concurrencyMode}; its documentation says {@code concurrency}: both are accepted. */
  private static boolean single(ComponentMetadata m) throws ComponentException {
    String key = m.get("concurrencyMode").isPresent() ? "concurrencyMode" : "concurrency";
    String mode = m.get(key, "parallel");
    return switch (mode) {
      case "parallel" -> false;
      case "single" -> true;
      default -> throw m.invalid(key, mode, "parallel or single");
    };
  }
}
