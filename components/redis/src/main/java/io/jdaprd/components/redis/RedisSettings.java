package io.jdaprd.components.redis;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The connection metadata of a Redis component ({@code state.redis}, {@code pubsub.redis}), as Dapr reads it. Durations are Go durations ({@code 5s},
 * {@code 500ms}) or plain numbers of milliseconds, and a negative number switches the timeout off.
 *
 * @param hosts the Redis addresses: one node, the cluster's seed nodes, or the sentinels
 * @param username the ACL user name, or {@code null}
 * @param password the password, or {@code null}
 * @param database the database selected after connecting (not in cluster mode)
 * @param cluster whether {@code redisType} is {@code cluster}
 * @param sentinelMasterName the master name when {@code failover} is on, else {@code null}
 * @param sentinelUsername the sentinels' ACL user name, or {@code null}
 * @param sentinelPassword the sentinels' password, or {@code null}
 * @param tls whether to connect with TLS
 * @param verifyPeer whether TLS checks the server's certificate and name
 * @param dialTimeout how long connecting may take
 * @param commandTimeout how long a command may take, or {@code null} for no limit
 * @param maxRetries how often a command refused while disconnected is tried again
 * @param minRetryInterval the first pause before trying again
 * @param maxRetryInterval the longest pause before trying again
 * @param defaultTtlSeconds the component's {@code ttlInSeconds}, or {@code null} for none
 */
record RedisSettings(List<Address> hosts, String username, String password, int database, boolean cluster,
    String sentinelMasterName, String sentinelUsername, String sentinelPassword, boolean tls, boolean verifyPeer,
    Duration dialTimeout, Duration commandTimeout, int maxRetries, Duration minRetryInterval,
    Duration maxRetryInterval, Integer defaultTtlSeconds) {

  /** How long a command may take by default, so that a dead server is noticed quickly. */
  static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
  private static final int DEFAULT_PORT = 6379;
  private static final List<String> UNSUPPORTED = List.of("clientCert", "clientKey", "useEntraID", "useAzureAD",
      "useOIDC", "queryIndexes");

  /** One {@code host:port} address. */
  record Address(String host, int port) {
    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** Reads and checks the metadata; the message of a failure names the field and value. */
  static RedisSettings from(ComponentMetadata m) throws ComponentException {
    for (String key : UNSUPPORTED) {
      String value = m.get(key).orElse("false");
      if (!value.equalsIgnoreCase("false")) {
        throw m.invalid(key, value.equalsIgnoreCase("true") ? value : "(set)",
            "unset: jdaprd's " + m.type() + " does not support it");
      }
    }
    String type = m.get("redisType", "node").toLowerCase(Locale.ROOT);
    if (!type.equals("node") && !type.equals("cluster")) {
      throw m.invalid("redisType", m.get("redisType").orElse(""), "node or cluster");
    }
    boolean cluster = type.equals("cluster");
    boolean failover = m.getBoolean("failover", false);
    String master = null;
    if (failover) {
      if (cluster) {
        throw m.invalid("failover", "true", "false when redisType is cluster");
      }
      master = m.get("sentinelMasterName").orElseThrow(() -> new ComponentException("component " + m.name() + " ("
          + m.type() + "): metadata sentinelMasterName is required when failover is true"));
    }
    int database = m.getInt("redisDB", 0);
    if (database < 0) {
      throw m.invalid("redisDB", String.valueOf(database), "0 or greater");
    }
    int maxRetries = m.get("redisMaxRetries").isPresent() ? m.getInt("redisMaxRetries", 3) : m.getInt("maxRetries", 3);
    Duration read = duration(m, "readTimeout", DEFAULT_COMMAND_TIMEOUT);
    Duration write = duration(m, "writeTimeout", read);
    Duration commandTimeout = read == null || write == null ? null : read.compareTo(write) >= 0 ? read : write;
    Duration dial = duration(m, "dialTimeout", Duration.ofSeconds(5));
    Duration minRetry = duration(m, "redisMinRetryInterval", Duration.ofMillis(8));
    Duration maxRetry = duration(m, "redisMaxRetryInterval", Duration.ofMillis(512));
    Integer ttl = m.get("ttlInSeconds").isPresent() ? m.getInt("ttlInSeconds", 0) : null;
    return new RedisSettings(addresses(m, m.getInt("redisPort", 0)), m.get("redisUsername").orElse(null),
        secret(m, "redisPassword"), database, cluster, master, m.get("sentinelUsername").orElse(null),
        secret(m, "sentinelPassword"), m.getBoolean("enableTLS", false),
        !m.getBoolean("insecureSkipTLSVerify", false), dial == null ? Duration.ofSeconds(5) : dial, commandTimeout,
        Math.max(0, maxRetries), minRetry == null ? Duration.ZERO : minRetry,
        maxRetry == null ? Duration.ZERO : maxRetry, ttl);
  }

  /** The addresses as configured, for messages: {@code host:port[,host:port...]}. */
  String hostText() {
    return String.join(",", hosts.stream().map(Address::toString).toList());
  }

  /** The settings without their passwords. */
  @Override
  public String toString() {
    return "RedisSettings[hosts=" + hostText() + ", username=" + username + ", database=" + database + ", cluster="
        + cluster + ", sentinelMasterName=" + sentinelMasterName + ", tls=" + tls + ", commandTimeout="
        + commandTimeout + ", defaultTtlSeconds=" + defaultTtlSeconds + "]";
  }

  /** Whether this is sentinel mode ({@code failover} on). */
  boolean failover() {
    return sentinelMasterName != null;
  }

  /** {@code text} with every password replaced by {@code ****}. */
  String scrub(String text) {
    String out = text == null ? "" : text;
    for (String secret : new String[] {password, sentinelPassword}) {
      if (secret != null && !secret.isEmpty()) {
        out = out.replace(secret, "****");
      }
    }
    return out;
  }

  /** A password exactly as given: unlike other values, not trimmed. */
  private static String secret(ComponentMetadata m, String key) {
    String value = m.properties().get(key);
    return value == null || value.isEmpty() ? null : value;
  }

  private static List<Address> addresses(ComponentMetadata m, int defaultPort) throws ComponentException {
    String text = m.require("redisHost");
    List<Address> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String entry = part.trim();
      Optional<Address> address = address(entry, defaultPort > 0 ? defaultPort : DEFAULT_PORT);
      if (address.isEmpty()) {
        throw m.invalid("redisHost", text, "host:port, or a comma-separated list of them");
      }
      if (defaultPort > 0 && address.get().port() != defaultPort && hasPort(entry)) {
        throw m.invalid("redisPort", String.valueOf(defaultPort), "unset, or the port in redisHost " + entry);
      }
      out.add(address.get());
    }
    return List.copyOf(out);
  }

  private static boolean hasPort(String entry) {
    return entry.startsWith("[") ? entry.contains("]:") : entry.indexOf(':') >= 0 && entry.indexOf(':') == entry
        .lastIndexOf(':');
  }

  private static Optional<Address> address(String entry, int defaultPort) {
    String host = entry;
    String port = null;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      host = entry.substring(1, close);
      String rest = entry.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return Optional.empty();
        }
        port = rest.substring(1);
      }
    } else if (hasPort(entry)) {
      host = entry.substring(0, entry.indexOf(':'));
      port = entry.substring(entry.indexOf(':') + 1);
    }
    if (host.isEmpty()) {
      return Optional.empty();
    }
    if (port == null) {
      return Optional.of(new Address(host, defaultPort));
    }
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      return Optional.empty();
    }
    return Optional.of(new Address(host, Integer.parseInt(port)));
  }

  /** A Dapr redis duration: {@code fallback} when unset or 0, {@code null} when negative (switched off). */
  private static Duration duration(ComponentMetadata m, String key, Duration fallback) throws ComponentException {
    Duration d = m.getDuration(key, Duration.ZERO, ChronoUnit.MILLIS);
    return d.isNegative() ? null : d.isZero() ? fallback : d;
  }
}
