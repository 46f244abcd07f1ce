package io.jdaprd.components.kafka;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The metadata of {@code pubsub.kafka} and {@code bindings.kafka}, with components-contrib's names, defaults and
 * checks, turned into the Kafka client's configuration.
 *
 * <ul>
 *   <li>{@code brokers} (required, comma separated), {@code clientID} (also {@code clientId}), {@code consumerGroup}
 *       else {@code consumerID} else the app id;</li>
 *   <li>{@code authType} (required): {@code none}; {@code password} with {@code saslUsername}, {@code saslPassword}
 *       and {@code saslMechanism} ({@code PLAINTEXT} default, {@code SHA-256}, {@code SHA-512}); {@code mtls} with
 *       {@code clientCert} and {@code clientKey} (PEM, the key in PKCS #8); {@code certificate} (TLS with
 *       {@code caCert}). Every type but {@code none} uses TLS unless {@code disableTls} is true; {@code caCert} (PEM)
 *       replaces the JDK's trusted authorities; {@code skipVerify} turns off host name verification (the Java client
 *       has no way to trust any certificate: the chain must still verify). The legacy {@code authRequired} chooses
 *       {@code password} or {@code mtls} as contrib does;</li>
 *   <li>{@code initialOffset} {@code newest} (default) or {@code oldest}; {@code maxMessageBytes} (the largest
 *       message the producer sends); {@code consumeRetryInterval} (a Go duration, or a number of milliseconds;
 *       100 ms by default), {@code consumeRetryEnabled}; {@code heartbeatInterval} (3 s) and {@code sessionTimeout}
 *       (10 s); {@code excludeHeaderMetaRegex}; {@code escapeHeaders}.</li>
 * </ul>
 *
 * <p>Neither {@link #toString()} nor any error message contains the password or a key.
 */
record KafkaSettings(List<String> brokers, String clientId, String consumerGroup, String authType,
    Map<String, String> security, boolean latest, int maxMessageBytes, Duration consumeRetryInterval,
    boolean consumeRetryEnabled, Duration heartbeatInterval, Duration sessionTimeout, Pattern excludeHeaders,
    boolean escapeHeaders) {

  /** Reads {@code m}; {@code retryByDefault} is {@code consumeRetryEnabled}'s default (pub/sub true, binding false). */
  static KafkaSettings from(ComponentMetadata m, boolean retryByDefault) throws ComponentException {
    String label = "kafka error";
    List<String> brokers = new ArrayList<>();
    for (String b : m.get("brokers").orElseThrow(() -> fail(m, label + ": missing 'brokers' attribute")).split(",")) {
      if (!b.isBlank()) {
        brokers.add(b.trim());
      }
    }
    String authType = authType(m);
    Map<String, String> security = security(m, authType);
    String offset = m.get("initialOffset", "newest");
    boolean latest;
    if (offset.equalsIgnoreCase("newest")) {
      latest = true;
    } else if (offset.equalsIgnoreCase("oldest")) {
      latest = false;
    } else {
      throw fail(m, label + ": invalid initialOffset: " + offset);
    }
    int maxMessageBytes = m.getInt("maxMessageBytes", 0);
    Duration retryInterval = m.getDuration("consumeRetryInterval", Duration.ofMillis(100), ChronoUnit.MILLIS);
    Pattern exclude = null;
    Optional<String> regex = m.get("excludeHeaderMetaRegex");
    if (regex.isPresent()) {
      try {
        exclude = Pattern.compile(regex.get());
      } catch (PatternSyntaxException e) {
        throw m.invalid("excludeHeaderMetaRegex", regex.get(), "a regular expression");
      }
    }
    String group = m.get("consumerGroup").or(() -> m.get("consumerID")).orElse(m.appId());
    return new KafkaSettings(List.copyOf(brokers), m.get("clientID").orElse(null), group, authType,
        Map.copyOf(security), latest, maxMessageBytes, retryInterval,
        m.getBoolean("consumeRetryEnabled", retryByDefault),
        m.getDuration("heartbeatInterval", Duration.ofSeconds(3)),
        m.getDuration("sessionTimeout", Duration.ofSeconds(10)), exclude, m.getBoolean("escapeHeaders", false));
  }

  private static String authType(ComponentMetadata m) throws ComponentException {
    Optional<String> type = m.get("authType");
    if (type.isEmpty()) {
      Optional<String> required = m.get("authRequired");
      if (required.isPresent()) {
        boolean on = m.getBoolean("authRequired", false);
        type = Optional.of(!on ? "none" : m.get("saslPassword").isPresent() ? "password" : "mtls");
      }
    }
    String value = type.orElseThrow(() -> fail(m, "kafka error: 'authType' attribute was missing or empty"))
        .toLowerCase(Locale.ROOT);
    return switch (value) {
      case "none", "password", "mtls", "certificate" -> value;
      case "oidc", "oidc_private_key_jwt", "awsiam" ->
          throw fail(m, "kafka error: authType '" + value + "' is not supported by jdaprd");
      default -> throw fail(m, "kafka error: invalid value for 'authType' attribute");
    };
  }

  /** The client's security properties for {@code authType}. */
  private static Map<String, String> security(ComponentMetadata m, String authType) throws ComponentException {
    Map<String, String> p = new HashMap<>();
    Optional<String> caCert = m.get("caCert");
    if (caCert.isPresent() && !isPem(caCert.get())) {
      throw fail(m, "kafka error: invalid ca certificate");
    }
    boolean tls = !authType.equals("none") && !m.getBoolean("disableTls", false);
    boolean sasl = authType.equals("password");
    switch (authType) {
      case "password" -> {
        String user = m.get("saslUsername")
            .orElseThrow(() -> fail(m, "kafka error: missing SASL Username for authType 'password'"));
        String password = m.get("saslPassword")
            .orElseThrow(() -> fail(m, "kafka error: missing SASL Password for authType 'password'"));
        String mechanism = m.get("saslMechanism", "PLAINTEXT").toUpperCase(Locale.ROOT);
        String module = switch (mechanism) {
          case "SHA-256", "SHA-512" -> {
            p.put("sasl.mechanism", "SCRAM-" + mechanism);
            yield "org.apache.kafka.common.security.scram.ScramLoginModule";
          }
          default -> {
            p.put("sasl.mechanism", "PLAIN");
            yield "org.apache.kafka.common.security.plain.PlainLoginModule";
          }
        };
        p.put("sasl.jaas.config", module + " required username=\"" + jaasQuote(user) + "\" password=\""
            + jaasQuote(password) + "\";");
      }
      case "mtls" -> {
        if (m.getBoolean("disableTls", false)) {
          throw fail(m, "kafka: cannot configure mTLS authentication when TLSDisable is 'true'");
        }
        Optional<String> cert = m.get("clientCert");
        Optional<String> key = m.get("clientKey");
        if (cert.isPresent() && !isPem(cert.get())) {
          throw fail(m, "kafka error: invalid client certificate");
        }
        if (key.isPresent() && !isPem(key.get())) {
          throw fail(m, "kafka error: invalid client key");
        }
        if (cert.isPresent() != key.isPresent()) {
          throw fail(m, "kafka error: clientKey or clientCert is missing");
        }
        if (cert.isPresent()) {
          p.put("ssl.keystore.type", "PEM");
          p.put("ssl.keystore.certificate.chain", cert.get());
          p.put("ssl.keystore.key", key.get());
        }
      }
      case "certificate" -> {
        if (caCert.isEmpty()) {
          throw fail(m, "missing CA certificate property 'caCert' for authType 'certificate'");
        }
      }
      default -> {
      }
    }
    p.put("security.protocol", (sasl ? "SASL_" : "") + (tls ? "SSL" : "PLAINTEXT"));
    if (tls) {
      if (caCert.isPresent()) {
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.certificates", caCert.get());
      }
      if (m.getBoolean("skipVerify", false)) {
        p.put("ssl.endpoint.identification.algorithm", "");
      }
    }
    return p;
  }

  /** The properties every client of this component shares: brokers, client id, security. */
  Map<String, Object> common() {
    Map<String, Object> p = new HashMap<>(security);
    p.put("bootstrap.servers", String.join(",", brokers));
    if (clientId != null) {
      p.put("client.id", clientId);
    }
    p.put("reconnect.backoff.ms", 100);
    p.put("reconnect.backoff.max.ms", 1000);
    return p;
  }

  /** Whether a header of this name stays out of the delivered metadata and a metadata key out of the headers. */
  boolean excluded(String name) {
    return excludeHeaders != null && excludeHeaders.matcher(name).find();
  }

  private static boolean isPem(String value) {
    return value.contains("-----BEGIN ") && value.contains("-----END ");
  }

  /** Escapes {@code value} for a quoted JAAS option. */
  private static String jaasQuote(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static ComponentException fail(ComponentMetadata m, String message) {
    return new ComponentException("component " + m.name() + " (" + m.type() + "): " + message);
  }

  @Override
  public String toString() {
    return "KafkaSettings[brokers=" + brokers + ", clientId=" + clientId + ", consumerGroup=" + consumerGroup
        + ", authType=" + authType + ", protocol=" + security.get("security.protocol") + ", initialOffset="
        + (latest ? "newest" : "oldest") + "]";
  }
}
