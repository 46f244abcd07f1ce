package io.jdaprd.components.mqtt;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The metadata both MQTT components read, with daprd's names and defaults.
 *
 * @param label {@code component <name> (<type>)}, the prefix of every message
 * @param serverUri the broker address as Paho takes it ({@code tcp://host:port}, {@code ssl://host:port}, {@code
 *     ws://...}, {@code wss://...}); daprd's schemes {@code mqtt} and {@code mqtts}/{@code tcps}/{@code tls} are
 *     mapped to {@code tcp} and {@code ssl}
 * @param brokerText the address to show in messages, without the password
 * @param username the user of the {@code url}'s user info, or {@code null}
 * @param password the password of the {@code url}'s user info, or {@code null}; never shown
 * @param consumerId the client id ({@code consumerID}, else the app id)
 * @param qos the quality of service of publishes and subscriptions (0, 1 or 2; 1 by default)
 * @param retain whether publishes are retained by default
 * @param cleanSession whether the broker forgets the session when the client disconnects (false by default, so
 *     queued messages survive a reconnect)
 * @param tls the TLS material, or {@code null} when none is set
 * @param topic the binding's topic ({@code topic}), or {@code null} for the pub/sub
 * @param backOffMaxRetries how often the input binding retries a failing event (0 by default, -1 for ever)
 */
record MqttSettings(String label, String serverUri, String brokerText, String username, String password,
    String consumerId, int qos, boolean retain, boolean cleanSession, MqttTls tls, String topic,
    int backOffMaxRetries) {

  /** Reads the pub/sub's metadata ({@code qos} in 0..2). */
  static MqttSettings forPubSub(ComponentMetadata m) throws ComponentException {
    int qos = m.getInt("qos", 1);
    if (qos < 0 || qos > 2) {
      throw m.invalid("qos", String.valueOf(qos), "0, 1 or 2");
    }
    return read(m, qos, null, 0);
  }

  /** Reads the binding's metadata: {@code topic} is required; {@code qos} is ignored (always 1, as daprd). */
  static MqttSettings forBinding(ComponentMetadata m) throws ComponentException {
    String topic = m.require("topic");
    int retries = m.getInt("backOffMaxRetries", 0);
    return read(m, 1, topic, retries);
  }

  private static MqttSettings read(ComponentMetadata m, int qos, String topic, int retries)
      throws ComponentException {
    String label = "component " + m.name() + " (" + m.type() + ")";
    String url = m.require("url");
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw m.invalid("url", "(not a URL)", "scheme://[user[:password]@]host:port, e.g. tcp://localhost:1883");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String pahoScheme = switch (scheme) {
      case "mqtt", "tcp" -> "tcp";
      case "mqtts", "tcps", "tls", "ssl" -> "ssl";
      case "ws", "wss" -> scheme;
      default -> null;
    };
    if (pahoScheme == null || uri.getHost() == null) {
      throw m.invalid("url", scrub(url), "scheme://[user[:password]@]host:port with scheme tcp, mqtt, ssl, mqtts,"
          + " tcps, tls, ws or wss");
    }
    String host = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    String path = pahoScheme.startsWith("ws") && uri.getRawPath() != null ? uri.getRawPath() : "";
    String username = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String info = uri.getRawUserInfo();
      int colon = info.indexOf(':');
      username = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
    }
    String consumerId = m.get("consumerID", m.appId());
    if (consumerId == null || consumerId.isBlank()) {
      throw new ComponentException(label + ": metadata consumerID is required (no app id to default to)");
    }
    MqttTls tls = MqttTls.from(m);
    return new MqttSettings(label, pahoScheme + "://" + host + path, pahoScheme + "://" + host + path, username,
        password, consumerId, qos, m.getBoolean("retain", false), m.getBoolean("cleanSession", false), tls, topic,
        retries);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** {@code url} with the user info's password replaced by {@code ****}. */
  static String scrub(String url) {
    return url.replaceAll("(://[^:/@]*):[^@/]*@", "$1:****@");
  }

  /** {@code text} with the password, if any, replaced by {@code ****}. */
  String scrubText(String text) {
    if (text == null) {
      return "";
    }
    return password == null || password.isEmpty() ? text : text.replace(password, "****");
  }
}
