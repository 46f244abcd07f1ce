package io.jdaprd.components.nats;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.golang.GoDurations;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.DeliverPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The metadata of a {@code pubsub.jetstream} component, with Dapr's names and defaults. Durations are Go durations
 * ({@code 500ms}, {@code 30s}) or plain numbers of seconds, as Dapr reads them; {@code 0} or unset leaves the server's
 * default. Credentials ({@code jwt}, {@code seedKey}, {@code token}, {@code tls_client_key}) never appear in
 * {@link #toString()} or in an error message.
 *
 * @param servers the server URLs of {@code natsURL} (a comma-separated list)
 * @param jwt the user JWT, or {@code null}
 * @param seedKey the user's NKey seed that signs the server's nonce with {@code jwt}, or {@code null}
 * @param token the authentication token, or {@code null}
 * @param tlsClientCert the client certificate (PEM text or a file path), or {@code null}
 * @param tlsClientKey the client's PKCS#8 private key (PEM text or a file path), or {@code null}
 * @param tlsClientCa the certificates that sign the server's (PEM text or a file path), or {@code null} for the
 *     JVM's trust store
 * @param connectionName the connection name the server shows
 * @param streamName the stream that keeps the topics, or {@code null} to use the stream that covers each topic
 * @param durableName the durable consumer name for every subscription, or {@code null} to derive one from the
 *     consumer id and the topic
 * @param queueGroupName the queue group of every subscription, or {@code null} to use the durable name
 * @param startSequence the first stream sequence to deliver with {@code deliverPolicy=sequence}, else 0
 * @param startTime the first message time to deliver with {@code deliverPolicy=time}, else {@code null}
 * @param deliverPolicy where a new consumer starts
 * @param flowControl whether the consumer uses flow control (needs {@code heartbeat})
 * @param ackWait how long the server waits for an acknowledgement, or {@code null} for its default (30 s)
 * @param maxDeliver how often a message is delivered at most; 0 for the server's default (unlimited)
 * @param backOff the redelivery delays, one per delivery (the last repeats); empty for none
 * @param maxAckPending the most unacknowledged messages in flight; 0 for the server's default (1000)
 * @param replicas the consumer's replicas (and those of a stream this component creates); 0 for the default
 * @param memoryStorage whether the consumer keeps its state in memory only (not durable across a server restart)
 * @param rateLimit the delivery rate limit in bits per second; 0 for none
 * @param heartbeat the idle heartbeat interval of the consumer, or {@code null} for none
 * @param ackPolicy how messages are acknowledged
 * @param domain the JetStream domain, or {@code null}
 * @param apiPrefix the JetStream API prefix, or {@code null}
 * @param parallel whether {@code concurrency} is {@code parallel} (a message's handler runs while the next ones are
 *     delivered) rather than {@code single} (one message at a time per subscription)
 */
record JetStreamSettings(List<String> servers, String jwt, String seedKey, String token, String tlsClientCert,
    String tlsClientKey, String tlsClientCa, String connectionName, String streamName, String durableName,
    String queueGroupName, long startSequence, Instant startTime, DeliverPolicy deliverPolicy, boolean flowControl,
    Duration ackWait, long maxDeliver, List<Duration> backOff, long maxAckPending, int replicas,
    boolean memoryStorage, long rateLimit, Duration heartbeat, AckPolicy ackPolicy, String domain, String apiPrefix,
    boolean parallel) {

  /** Dapr's connection name. */
  static final String DEFAULT_CONNECTION_NAME = "dapr.io - pubsub.jetstream";
  /** The server's acknowledgement wait when {@code ackWait} is unset. */
  static final Duration SERVER_ACK_WAIT = Duration.ofSeconds(30);
  /** What the server allows in stream and consumer names: no whitespace, dots, wildcards or path separators. */
  private static final Pattern NAME = Pattern.compile("[^\\s.*>/\\\\]{1,255}");
  private static final String NAME_EXPECTED = "a name without whitespace, '.', '*', '>', '/' or '\\'";

  /** Reads and checks the metadata; the message of a failure names the field and value. */
  static JetStreamSettings from(ComponentMetadata m) throws ComponentException {
    List<String> servers = servers(m);
    String jwt = secret(m, "jwt");
    String seedKey = secret(m, "seedKey");
    requireBoth(m, "jwt", jwt, "seedKey", seedKey);
    String cert = secret(m, "tls_client_cert");
    String key = secret(m, "tls_client_key");
    requireBoth(m, "tls_client_cert", cert, "tls_client_key", key);
    DeliverPolicy deliverPolicy = deliverPolicy(m);
    long startSequence = m.get("startSequence").isPresent() ? nonNegativeLong(m, "startSequence") : 0;
    Instant startTime = m.get("startTime").isPresent() ? Instant.ofEpochSecond(nonNegativeLong(m, "startTime"))
        : null;
    checkStart(m, deliverPolicy, startSequence, startTime);
    Duration heartbeat = duration(m, "heartbeat");
    boolean flowControl = m.getBoolean("flowControl", false);
    String queueGroup = name(m, "queueGroupName", Pattern.compile("[^\\s*>]{1,255}"),
        "a queue group name without whitespace, '*' or '>'");
    if (flowControl && heartbeat == null) {
      throw m.invalid("flowControl", "true", "false unless heartbeat is set: NATS flow control needs heartbeats");
    }
    if (queueGroup != null && (flowControl || heartbeat != null)) {
      throw m.invalid("queueGroupName", queueGroup, "unset when flowControl or heartbeat is set: NATS queue"
          + " subscriptions support neither");
    }
    long maxDeliver = m.get("maxDeliver").isPresent() ? m.getInt("maxDeliver", 0) : 0;
    if (maxDeliver < -1) {
      throw m.invalid("maxDeliver", String.valueOf(maxDeliver), "a positive integer, or -1 for unlimited");
    }
    List<Duration> backOff = backOff(m);
    if (!backOff.isEmpty() && maxDeliver > 0 && maxDeliver <= backOff.size()) {
      throw m.invalid("maxDeliver", String.valueOf(maxDeliver), "more than the " + backOff.size()
          + " backOff delays, as NATS requires");
    }
    long maxAckPending = m.getInt("maxAckPending", 0);
    if (maxAckPending < -1) {
      throw m.invalid("maxAckPending", String.valueOf(maxAckPending), "a positive integer, or -1 for unlimited");
    }
    int replicas = m.getInt("replicas", 0);
    if (replicas < 0 || replicas > 5) {
      throw m.invalid("replicas", String.valueOf(replicas), "0 (the default) to 5");
    }
    long rateLimit = m.get("rateLimit").isPresent() ? nonNegativeLong(m, "rateLimit") : 0;
    String domain = m.get("domain").orElse(null);
    String apiPrefix = m.get("apiPrefix").orElse(null);
    if (domain != null && apiPrefix != null) {
      throw m.invalid("apiPrefix", apiPrefix, "unset when domain is set: the domain chooses the API prefix");
    }
    return new JetStreamSettings(servers, jwt, seedKey, secret(m, "token"), cert, key,
        m.get("tls_client_ca").orElse(null), m.get("name", DEFAULT_CONNECTION_NAME),
        name(m, "streamName", NAME, NAME_EXPECTED), name(m, "durableName", NAME, NAME_EXPECTED), queueGroup,
        startSequence, startTime, deliverPolicy, flowControl, duration(m, "ackWait"), maxDeliver, backOff,
        maxAckPending, replicas, m.getBoolean("memoryStorage", false), rateLimit, heartbeat, ackPolicy(m), domain,
        apiPrefix, parallel(m));
  }

  /** Whether a consumer group takes one subscriber at a time: NATS queue groups allow no flow control or heartbeat. */
  boolean exclusiveSubscriptions() {
    return flowControl || heartbeat != null;
  }

  /** Whether the component acknowledges messages (every ack policy but {@code none}). */
  boolean acknowledges() {
    return ackPolicy != AckPolicy.None;
  }

  /** How long the server waits for the acknowledgement of a first delivery. */
  Duration firstAckWait() {
    return !backOff.isEmpty() ? backOff.get(0) : ackWait != null ? ackWait : SERVER_ACK_WAIT;
  }

  /**
   * How long to wait before a message whose handler failed on its {@code delivery}-th delivery is delivered again:
   * its {@code backOff} delay, else {@code ackWait} (as Dapr does), else {@code null} for at once.
   */
  Duration redeliveryDelay(long delivery) {
    if (!backOff.isEmpty()) {
      return backOff.get((int) Math.min(Math.max(delivery, 1), backOff.size()) - 1);
    }
    return ackWait;
  }

  /** {@code natsURL} for messages: every URL with its password, if any, replaced by {@code ****}. */
  String serverText() {
    return String.join(",", servers.stream().map(JetStreamSettings::redactUserInfo).toList());
  }

  /** {@code text} with every credential replaced by {@code ****}. */
  String scrub(String text) {
    String out = text == null ? "" : text;
    for (String secret : new String[] {jwt, seedKey, token, tlsClientKey}) {
      if (secret != null && !secret.isEmpty()) {
        out = out.replace(secret, "****");
      }
    }
    for (String server : servers) {
      out = out.replace(server, redactUserInfo(server));
    }
    return out;
  }

  /** The settings without their credentials. */
  @Override
  public String toString() {
    return "JetStreamSettings[servers=" + serverText() + ", auth=" + (jwt != null ? "jwt" : token != null ? "token"
        : tlsClientCert != null ? "tls" : "none") + ", streamName=" + streamName + ", durableName=" + durableName
        + ", queueGroupName=" + queueGroupName + ", deliverPolicy=" + deliverPolicy + ", ackPolicy=" + ackPolicy
        + ", ackWait=" + ackWait + ", maxDeliver=" + maxDeliver + ", backOff=" + backOff + ", parallel=" + parallel
        + "]";
  }

  private static List<String> servers(ComponentMetadata m) throws ComponentException {
    String text = m.require("natsURL");
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String url = part.trim();
      if (!validUrl(url)) {
        throw m.invalid("natsURL", redactUserInfo(text.trim()), "nats://host:port, or a comma-separated list");
      }
      out.add(url);
    }
    return List.copyOf(out);
  }

  private static boolean validUrl(String url) {
    if (url.isEmpty() || url.chars().anyMatch(Character::isWhitespace)) {
      return false;
    }
    try {
      URI uri = new URI(url.contains("://") ? url : "nats://" + url);
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      return List.of("nats", "tls", "ws", "wss").contains(scheme) && uri.getHost() != null && uri.getPort() <= 65535
          && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))
          && uri.getQuery() == null && uri.getFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** {@code url} with the password of its user info, if any, replaced by {@code ****}. */
  static String redactUserInfo(String url) {
    int scheme = url.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int at = url.lastIndexOf('@');
    if (at < start) {
      return url;
    }
    String userInfo = url.substring(start, at);
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? "" : userInfo.substring(0, colon) + ":";
    return url.substring(0, start) + user + "****" + url.substring(at);
  }

  private static void requireBoth(ComponentMetadata m, String firstKey, String first, String secondKey,
      String second) throws ComponentException {
    if (first != null && second == null) {
      throw new ComponentException(prefix(m) + "metadata " + secondKey + " is required when " + firstKey + " is set");
    }
    if (first == null && second != null) {
      throw new ComponentException(prefix(m) + "metadata " + firstKey + " is required when " + secondKey + " is set");
    }
  }

  private static DeliverPolicy deliverPolicy(ComponentMetadata m) throws ComponentException {
    String value = m.get("deliverPolicy", "all");
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "all" -> DeliverPolicy.All;
      case "last" -> DeliverPolicy.Last;
      case "new" -> DeliverPolicy.New;
      case "sequence" -> DeliverPolicy.ByStartSequence;
      case "time" -> DeliverPolicy.ByStartTime;
      default -> throw m.invalid("deliverPolicy", value, "all, last, new, sequence or time");
    };
  }

  private static void checkStart(ComponentMetadata m, DeliverPolicy policy, long startSequence, Instant startTime)
      throws ComponentException {
    if (policy == DeliverPolicy.ByStartSequence && startSequence == 0) {
      throw new ComponentException(prefix(m) + "metadata startSequence is required when deliverPolicy is sequence");
    }
    if (policy == DeliverPolicy.ByStartTime && startTime == null) {
      throw new ComponentException(prefix(m) + "metadata startTime is required when deliverPolicy is time");
    }
    if (policy != DeliverPolicy.ByStartSequence && startSequence != 0) {
      throw m.invalid("startSequence", String.valueOf(startSequence), "unset unless deliverPolicy is sequence");
    }
    if (policy != DeliverPolicy.ByStartTime && startTime != null) {
      throw m.invalid("startTime", m.get("startTime", ""), "unset unless deliverPolicy is time");
    }
  }

  private static AckPolicy ackPolicy(ComponentMetadata m) throws ComponentException {
    String value = m.get("ackPolicy", "explicit");
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "explicit" -> AckPolicy.Explicit;
      case "all" -> AckPolicy.All;
      case "none" -> AckPolicy.None;
      default -> throw m.invalid("ackPolicy", value, "explicit, all or none");
    };
  }

  private static boolean parallel(ComponentMetadata m) throws ComponentException {
    String value = m.get("concurrency", "single");
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "single" -> false;
      case "parallel" -> true;
      default -> throw m.invalid("concurrency", value, "single or parallel");
    };
  }

  private static List<Duration> backOff(ComponentMetadata m) throws ComponentException {
    Optional<String> text = m.get("backOff");
    if (text.isEmpty()) {
      return List.of();
    }
    String list = text.get();
    if (list.startsWith("[") && list.endsWith("]")) {
      list = list.substring(1, list.length() - 1);
    }
    List<Duration> out = new ArrayList<>();
    for (String part : list.split(",")) {
      String item = part.trim();
      if (item.isEmpty()) {
        continue;
      }
      Duration d = GoDurations.parseMetadata(item, ChronoUnit.SECONDS).orElse(null);
      if (d == null || d.isZero() || d.isNegative()) {
        throw m.invalid("backOff", text.get(), "a comma-separated list of durations above 0, such as 1s,5s,30s");
      }
      out.add(d);
    }
    return List.copyOf(out);
  }

  /** A Dapr duration: {@code null} when unset or 0 (the server's default). */
  private static Duration duration(ComponentMetadata m, String key) throws ComponentException {
    Optional<String> v = m.get(key);
    if (v.isEmpty()) {
      return null;
    }
    Duration d = GoDurations.parseMetadata(v.get(), ChronoUnit.SECONDS).filter(x -> !x.isNegative())
        .orElseThrow(() -> m.invalid(key, v.get(), "a duration such as 500ms, 30s or 2m, or a number of seconds"));
    return d.isZero() ? null : d;
  }

  private static long nonNegativeLong(ComponentMetadata m, String key) throws ComponentException {
    String v = m.get(key, "");
    if (!v.matches("\\d{1,18}")) {
      throw m.invalid(key, v, "an integer of 0 or more");
    }
    return Long.parseLong(v);
  }

  private static String name(ComponentMetadata m, String key, Pattern pattern, String expected)
      throws ComponentException {
    Optional<String> v = m.get(key);
    if (v.isEmpty()) {
      return null;
    }
    if (!pattern.matcher(v.get()).matches()) {
      throw m.invalid(key, v.get(), expected);
    }
    return v.get();
  }

  /** A credential exactly as given: unlike other values, not trimmed. */
  private static String secret(ComponentMetadata m, String key) {
    String value = m.properties().get(key);
    return value == null || value.isBlank() ? null : value;
  }

  private static String prefix(ComponentMetadata m) {
    return "component " + m.name() + " (" + m.type() + "): ";
  }
}
