package io.jdaprd.components.postgresql;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.golang.GoDurations;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where to connect and as whom, for pgjdbc: a JDBC URL without credentials, the user and password apart, and driver
 * properties translated from libpq keywords ({@code sslmode}, {@code connect_timeout}, {@code application_name},
 * {@code target_session_attrs}, {@code search_path}, {@code options}, ...). Keywords pgx takes as server settings
 * become {@code -c name=value} options, as pgx sends them; pgxpool's {@code pool_*} keywords size the pool.
 * {@link #toString()} and {@link #redact} keep the password out of every text.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port,.../database}
 * @param user the user name
 * @param password the password, or {@code null}
 * @param properties the pgjdbc properties
 * @param pool pgxpool's {@code pool_*} keywords
 */
record PostgresConnection(String jdbcUrl, String user, String password, Map<String, String> properties,
    Map<String, String> pool) {

  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
  private static final Map<String, String> SESSION_ATTRS = Map.of("any", "any", "read-write", "primary",
      "primary", "primary", "read-only", "secondary", "standby", "secondary", "prefer-standby", "preferSecondary");
  private static final Map<String, String> PASSED_THROUGH = Map.of("sslrootcert", "sslrootcert", "sslcert",
      "sslcert", "sslkey", "sslkey", "sslpassword", "sslpassword", "options", "options", "search_path",
      "currentSchema");
  /** libpq and pgx keywords that have no pgjdbc equivalent and no effect here. */
  private static final Set<String> IGNORED = Set.of("host", "hostaddr", "port", "dbname", "user", "password",
      "sslmode", "connect_timeout", "application_name", "fallback_application_name", "target_session_attrs",
      "load_balance_hosts", "default_query_exec_mode", "pool_health_check_period", "pool_max_conn_lifetime_jitter",
      "statement_cache_capacity", "description_cache_capacity", "keepalives", "keepalives_idle",
      "keepalives_interval", "keepalives_count", "tcp_user_timeout", "sslcompression", "sslcrl", "sslcrldir",
      "sslsni", "sslnegotiation", "sslcertmode", "gssencmode", "gsslib", "krbsrvname", "channel_binding",
      "passfile", "service", "requirepeer", "require_auth", "ssl_min_protocol_version", "ssl_max_protocol_version",
      "min_read_buffer_size");

  /** Builds the connection from libpq {@code keywords}; {@code queryExecMode} is Dapr's metadata of that name. */
  static PostgresConnection of(ComponentMetadata metadata, Map<String, String> keywords, Duration timeout,
      String queryExecMode) throws ComponentException {
    String user = nonEmpty(keywords.get("user")).orElse(System.getProperty("user.name"));
    String database = nonEmpty(keywords.get("dbname")).orElse(user);
    String url = "jdbc:postgresql://" + String.join(",", hostPorts(metadata, keywords)) + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");

    Map<String, String> props = new LinkedHashMap<>();
    Map<String, String> pool = new LinkedHashMap<>();
    long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
    props.put("connectTimeout", Long.toString(seconds));
    // A statement's own timeout (the store's) cancels it on the server; a server that does not answer at all (a
    // network partition, a frozen host) is given up one second later, as pgx gives up when the context ends, and so
    // is the cancel request's own connection.
    props.put("socketTimeout", Long.toString(seconds + 1));
    props.put("cancelSignalTimeout", Long.toString(seconds));
    props.put("tcpKeepAlive", "true");
    props.put("ApplicationName", nonEmpty(keywords.get("application_name"))
        .or(() -> nonEmpty(keywords.get("fallback_application_name"))).orElse("jdaprd"));
    String sslmode = keywords.get("sslmode");
    if (sslmode != null && !sslmode.isEmpty()) {
      if (!SSL_MODES.contains(sslmode)) {
        throw invalid(metadata, "sslmode " + sslmode + " is unknown (expected: one of " + SSL_MODES + ")");
      }
      props.put("sslmode", sslmode);
    }
    String connectTimeout = keywords.get("connect_timeout");
    if (connectTimeout != null && !connectTimeout.isEmpty()) {
      if (!connectTimeout.matches("\\d{1,9}")) {
        throw invalid(metadata, "connect_timeout is not a number of seconds");
      }
      props.put("connectTimeout", connectTimeout);
    }
    String attrs = keywords.get("target_session_attrs");
    if (attrs != null && !attrs.isEmpty()) {
      String mapped = SESSION_ATTRS.get(attrs);
      if (mapped == null) {
        throw invalid(metadata, "target_session_attrs " + attrs + " is unknown (expected: one of "
            + SESSION_ATTRS.keySet() + ")");
      }
      props.put("targetServerType", mapped);
    }
    if ("random".equals(keywords.get("load_balance_hosts"))) {
      props.put("loadBalanceHosts", "true");
    }
    String mode = queryExecMode != null ? queryExecMode : keywords.get("default_query_exec_mode");
    if (mode != null && !mode.isEmpty()) {
      switch (mode) {
        case "simple_protocol" -> props.put("preferQueryMode", "simple");
        case "exec", "describe_exec" -> props.put("prepareThreshold", "0");
        case "cache_statement", "cache_describe" -> props.put("prepareThreshold", "5");
        default -> throw metadata.invalid("queryExecMode", mode,
            "cache_statement, cache_describe, describe_exec, exec or simple_protocol");
      }
    }
    StringBuilder settings = new StringBuilder();
    for (Map.Entry<String, String> e : keywords.entrySet()) {
      String key = e.getKey();
      if (PASSED_THROUGH.containsKey(key)) {
        props.put(PASSED_THROUGH.get(key), e.getValue());
      } else if (key.startsWith("pool_")) {
        pool.put(key, e.getValue());
      } else if (!IGNORED.contains(key)) {
        if (!key.matches("[a-z_][a-z0-9_.]*")) {
          throw invalid(metadata, "a key is not a libpq keyword nor a server setting name");
        }
        settings.append(" -c ").append(key).append('=').append(e.getValue().replace("\\", "\\\\")
            .replace(" ", "\\ "));
      }
    }
    if (!settings.isEmpty()) {
      props.merge("options", settings.substring(1), (given, added) -> given + " " + added);
    }
    return new PostgresConnection(url, user, nonEmpty(keywords.get("password")).orElse(null), Map.copyOf(props),
        Map.copyOf(pool));
  }

  /** A pgxpool {@code pool_*} count, or {@code fallback}. */
  int pool(ComponentMetadata metadata, String key, int fallback) throws ComponentException {
    String value = pool.get(key);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    if (!value.matches("\\d{1,6}")) {
      throw invalid(metadata, key + " is not a number");
    }
    return Integer.parseInt(value);
  }

  /** A pgxpool {@code pool_*} duration, or {@code fallback}: Go's form only, as pgx reads it with {@code time.ParseDuration}. */
  Duration poolDuration(ComponentMetadata metadata, String key, Duration fallback) throws ComponentException {
    String value = pool.get(key);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    return GoDurations.parse(value).orElseThrow(() -> invalid(metadata, key + " is not a duration such as 30m"));
  }

  /** {@code text} with every occurrence of the password (and the SSL key's password) replaced by {@code ****}. */
  String redact(String text) {
    String out = text;
    for (String secret : new String[] {password, properties.get("sslpassword")}) {
      if (out != null && secret != null && !secret.isEmpty()) {
        out = out.replace(secret, "****");
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "PostgresConnection[" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "****")
        + "]";
  }

  private static List<String> hostPorts(ComponentMetadata metadata, Map<String, String> keywords)
      throws ComponentException {
    String hostList = nonEmpty(keywords.get("hostaddr")).or(() -> nonEmpty(keywords.get("host")))
        .orElse("localhost");
    String[] hosts = hostList.split(",", -1);
    String[] ports = nonEmpty(keywords.get("port")).orElse("5432").split(",", -1);
    if (ports.length != 1 && ports.length != hosts.length) {
      throw invalid(metadata, "it lists " + hosts.length + " hosts and " + ports.length + " ports");
    }
    List<String> out = new ArrayList<>(hosts.length);
    for (int i = 0; i < hosts.length; i++) {
      String host = hosts[i].isEmpty() ? "localhost" : hosts[i];
      if (host.startsWith("/") || host.startsWith("@")) {
        throw invalid(metadata, "Unix-domain sockets are not supported (expected: a TCP host name or address)");
      }
      String port = ports.length == 1 ? ports[0] : ports[i];
      port = port.isEmpty() ? "5432" : port;
      if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
        throw invalid(metadata, "a port is not a number from 1 to 65535");
      }
      out.add((host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }
    return out;
  }

  private static ComponentException invalid(ComponentMetadata metadata, String why) {
    return new ComponentException("component " + metadata.name() + " (" + metadata.type()
        + "): metadata connectionString is not valid: " + why);
  }

  private static Optional<String> nonEmpty(String value) {
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
