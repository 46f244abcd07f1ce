package io.jdaprd.components.postgresql;

import io.jdaprd.components.postgresql.ConnectionStrings.InvalidConnectionStringException;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.golang.GoDurations;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The metadata of {@code state.postgresql}, with Dapr's names, aliases and defaults: {@code connectionString}
 * (alias {@code url}; the fields {@code host}, {@code hostaddr}, {@code port}, {@code database}, {@code user},
 * {@code password} and {@code sslRootCert} override its parts), {@code tableName} ({@code state}),
 * {@code tablePrefix}, {@code schema}, {@code metadataTableName} ({@code dapr_metadata}), {@code timeout} (20s,
 * alias {@code timeoutInSeconds}), {@code cleanupInterval} (1h, alias {@code cleanupIntervalInSeconds}; 0 turns it
 * off), {@code maxConns}, {@code connectionMaxIdleTime} and {@code queryExecMode}.
 *
 * @param connection where to connect, and as whom
 * @param schema the schema the tables are created in, or {@code null} for the connection's default
 * @param stateTable the state table, lower case, schema-qualified when a schema was given
 * @param metadataTable the table of migration levels and cleanup times, like {@code stateTable}
 * @param keySuffix what tells this state table apart in the metadata table's keys, as Dapr's {@code tablePrefix}
 * @param timeout the longest one operation may take
 * @param cleanupInterval how often expired rows are deleted; zero when cleanup is off
 * @param maxConns the most connections the pool opens
 * @param minConns the idle connections the pool keeps
 * @param maxIdleTime how long an idle connection is kept
 * @param maxLifetime how long a connection is used before it is replaced
 * @param malformedEtagIsMismatch whether an ETag that is not a UUID is a mismatch (v2) rather than invalid (v1)
 */
record PostgresSettings(PostgresConnection connection, String schema, String stateTable, String metadataTable,
    String keySuffix, Duration timeout, Duration cleanupInterval, int maxConns, int minConns, Duration maxIdleTime,
    Duration maxLifetime, boolean malformedEtagIsMismatch) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
  static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofHours(1);
  static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofMinutes(30);
  static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(1);
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");
  private static final String CONNECTION_EXPECTED =
      "key=value pairs such as host=db user=dapr password=... database=state, or a postgres:// URL";

  /** Reads {@code metadata}; {@code env} supplies libpq's {@code PG*} defaults, as pgx reads them. */
  static PostgresSettings from(ComponentMetadata metadata, Map<String, String> env) throws ComponentException {
    String version = metadata.version() == null || metadata.version().isEmpty() ? "v1" : metadata.version();
    if (!version.equals("v1") && !version.equals("v2")) {
      throw new ComponentException("component " + metadata.name() + " (" + metadata.type() + "): version "
          + version + " is not supported (expected: v1 or v2)");
    }
    Optional<String> raw = first(metadata, "connectionString", "url");
    if (raw.isEmpty() && metadata.get("host").isEmpty() && metadata.get("hostaddr").isEmpty()) {
      throw new ComponentException("component " + metadata.name() + " (" + metadata.type()
          + "): metadata connectionString is required (expected: " + CONNECTION_EXPECTED + ")");
    }
    Map<String, String> keywords;
    try {
      keywords = ConnectionStrings.parse(raw.orElse(""));
    } catch (InvalidConnectionStringException e) {
      throw new ComponentException("component " + metadata.name() + " (" + metadata.type()
          + "): metadata connectionString is not valid: " + e.getMessage() + " (expected: " + CONNECTION_EXPECTED
          + ")");
    }
    override(metadata, keywords, "host", "host");
    override(metadata, keywords, "hostaddr", "hostaddr");
    override(metadata, keywords, "port", "port");
    override(metadata, keywords, "database", "dbname");
    override(metadata, keywords, "user", "user");
    override(metadata, keywords, "password", "password");
    override(metadata, keywords, "sslRootCert", "sslrootcert");
    Map.of("PGHOST", "host", "PGHOSTADDR", "hostaddr", "PGPORT", "port", "PGDATABASE", "dbname", "PGUSER", "user",
        "PGPASSWORD", "password", "PGSSLMODE", "sslmode", "PGSSLROOTCERT", "sslrootcert", "PGAPPNAME",
        "application_name", "PGCONNECT_TIMEOUT", "connect_timeout").forEach((variable, keyword) -> {
          String value = env.get(variable);
          if (value != null && !value.isEmpty()) {
            keywords.putIfAbsent(keyword, value);
          }
        });

    Duration timeout = duration(metadata, first(metadata, "timeout", "timeoutInSeconds"), "timeout",
        DEFAULT_TIMEOUT);
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw metadata.invalid("timeout", first(metadata, "timeout", "timeoutInSeconds").orElse(""),
          "at least 1s");
    }
    Optional<String> rawCleanup = first(metadata, "cleanupInterval", "cleanupIntervalInSeconds");
    Duration cleanup = duration(metadata, rawCleanup, "cleanupInterval", DEFAULT_CLEANUP_INTERVAL);
    if (cleanup.isNegative()) {
      cleanup = Duration.ZERO;
    }
    PostgresConnection connection = PostgresConnection.of(metadata, keywords, timeout,
        metadata.get("queryExecMode").orElse(null));

    int maxConns = metadata.getInt("maxConns", 0);
    if (maxConns < 0) {
      throw metadata.invalid("maxConns", Integer.toString(maxConns), "a positive number of connections");
    }
    if (maxConns == 0) {
      int fallback = Math.max(4, Runtime.getRuntime().availableProcessors());
      maxConns = Math.max(1, connection.pool(metadata, "pool_max_conns", fallback));
    }
    int minConns = Math.min(maxConns, connection.pool(metadata, "pool_min_conns", 0));
    Duration maxIdle = duration(metadata, metadata.get("connectionMaxIdleTime"), "connectionMaxIdleTime",
        connection.poolDuration(metadata, "pool_max_conn_idle_time", DEFAULT_MAX_IDLE_TIME));
    Duration maxLifetime = connection.poolDuration(metadata, "pool_max_conn_lifetime", DEFAULT_MAX_LIFETIME);

    String schema = metadata.get("schema").isPresent() ? identifier(metadata, "schema", null) : null;
    String tablePrefix = metadata.get("tablePrefix", "");
    String tableName = metadata.get("tableName", "state");
    String stateTable = qualified(metadata, "tableName", tablePrefix + tableName, schema);
    String metadataTable = qualified(metadata, "metadataTableName", metadata.get("metadataTableName",
        "dapr_metadata"), schema);
    String keySuffix = (schema == null ? "" : schema + ".") + tablePrefix
        + (tableName.equals("state") ? "" : tableName);
    return new PostgresSettings(connection, schema, stateTable, metadataTable, keySuffix, timeout, cleanup,
        maxConns, minConns, maxIdle.isPositive() ? maxIdle : DEFAULT_MAX_IDLE_TIME, maxLifetime,
        version.equals("v2"));
  }

  /** Whether the component is {@code version: v2}, with daprd v2's table layout; otherwise v1's. */
  boolean v2() {
    return malformedEtagIsMismatch;
  }

  /** The table name without its schema. */
  static String unqualified(String table) {
    return table.substring(table.indexOf('.') + 1);
  }

  @Override
  public String toString() {
    return "PostgresSettings[" + connection + ", stateTable=" + stateTable + ", metadataTable=" + metadataTable
        + ", timeout=" + timeout + ", cleanupInterval=" + cleanupInterval + ", maxConns=" + maxConns + "]";
  }

  private static void override(ComponentMetadata metadata, Map<String, String> keywords, String field,
      String keyword) {
    metadata.get(field).ifPresent(value -> keywords.put(keyword, value));
  }

  private static Optional<String> first(ComponentMetadata metadata, String name, String alias) {
    Optional<String> value = metadata.get(name);
    return value.isPresent() ? value : metadata.get(alias);
  }

  /** A table name, {@code name} or {@code schema.name}, lower-cased as PostgreSQL folds unquoted names. */
  private static String qualified(ComponentMetadata metadata, String key, String value, String schema)
      throws ComponentException {
    String lower = value.toLowerCase(Locale.ROOT);
    String[] parts = lower.split("\\.", -1);
    if (parts.length > 2 || !NAME.matcher(parts[0]).matches()
        || parts.length == 2 && !NAME.matcher(parts[1]).matches()) {
      throw metadata.invalid(key, value, "a table name of letters, digits and underscores, at most 63 of them,"
          + " optionally after a schema name and a dot");
    }
    return parts.length == 1 && schema != null ? schema + "." + lower : lower;
  }

  private static String identifier(ComponentMetadata metadata, String key, String fallback)
      throws ComponentException {
    String value = metadata.get(key, fallback);
    String lower = value.toLowerCase(Locale.ROOT);
    if (!NAME.matcher(lower).matches()) {
      throw metadata.invalid(key, value, "a name of letters, digits and underscores, at most 63 of them");
    }
    return lower;
  }

  /** A Go duration or a number of seconds, possibly negative, as Dapr's metadata decoder reads them. */
  static Duration duration(ComponentMetadata metadata, Optional<String> value, String key, Duration fallback)
      throws ComponentException {
    if (value.isEmpty()) {
      return fallback;
    }
    return GoDurations.parseMetadata(value.get(), ChronoUnit.SECONDS)
        .orElseThrow(() -> metadata.invalid(key, value.get(), "a duration such as 500ms, 5s or 1h, or a number of seconds"));
  }
}
