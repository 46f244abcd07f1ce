package io.jdaprd.components.sqlite;

import io.jdaprd.golang.GoDurations;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configuration of the {@code sqlite} name resolver, with daprd's names, defaults, checks, check order and
 * messages ({@code nameresolution/sqlite/sqlite_metadata.go}, {@code common/authentication/sqlite/metadata.go}).
 *
 * @param database where the database is: the connection string read as {@code state.sqlite} reads it
 * @param tableName the hosts table ({@code hosts})
 * @param metadataTableName the table of migration level and last cleanup ({@code metadata})
 * @param updateInterval how long a registration lives without renewal (5 s, whole seconds only)
 * @param cleanupInterval how often stale registrations are deleted (1 h); zero or negative disables it
 * @param timeout the longest one query may take (1 s)
 * @param busyTimeout how long SQLite waits for another connection's lock (800 ms)
 */
record NameResolverSettings(SqliteSettings database, String tableName, String metadataTableName,
    Duration updateInterval, Duration cleanupInterval, Duration timeout, Duration busyTimeout) {

  static final Duration DEFAULT_UPDATE_INTERVAL = Duration.ofSeconds(5);
  static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofHours(1);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofMillis(800);
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]+");

  static NameResolverSettings from(ComponentMetadata configuration) throws ComponentException {
    Optional<String> connectionString = first(configuration, "connectionString", "url");
    if (connectionString.isEmpty()) {
      throw new ComponentException("missing connection string");
    }
    SqliteSettings database = SqliteSettings.from(new ComponentMetadata(configuration.name(), configuration.type(),
        configuration.version(), configuration.appId(), Map.of("connectionString", connectionString.get(),
            "disableWAL", configuration.get("disableWAL", "false"))));
    Duration updateInterval = duration(configuration, configuration.get("updateInterval"), "updateInterval",
        DEFAULT_UPDATE_INTERVAL);
    Duration cleanupInterval = duration(configuration,
        first(configuration, "cleanupInterval", "cleanupIntervalInSeconds"), "cleanupInterval",
        DEFAULT_CLEANUP_INTERVAL);
    Duration timeout = duration(configuration, first(configuration, "timeout", "timeoutInSeconds"), "timeout",
        DEFAULT_TIMEOUT);
    Duration busyTimeout = duration(configuration, configuration.get("busyTimeout"), "busyTimeout",
        DEFAULT_BUSY_TIMEOUT);
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ComponentException("invalid value for 'timeout': must be greater than 1s");
    }
    String tableName = identifier(configuration, "tableName", "hosts");
    String metadataTableName = identifier(configuration, "metadataTableName", "metadata");
    if (!updateInterval.equals(updateInterval.truncatedTo(ChronoUnit.SECONDS))) {
      throw new ComponentException("update interval must not contain fractions of seconds");
    }
    if (updateInterval.minus(timeout).compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ComponentException("update interval must be at least 1s greater than timeout");
    }
    return new NameResolverSettings(database, tableName, metadataTableName, updateInterval, cleanupInterval,
        timeout, busyTimeout.isNegative() ? Duration.ZERO : busyTimeout.truncatedTo(ChronoUnit.MILLIS));
  }

  /** The age, in whole seconds, from which a registration is stale: {@code updateInterval}. */
  long staleAfterSeconds() {
    return updateInterval.toSeconds();
  }

  /** How often this host renews its row: {@code updateInterval - timeout}, so that a slow renewal is still in time. */
  Duration renewEvery() {
    return updateInterval.minus(timeout);
  }

  private static Optional<String> first(ComponentMetadata metadata, String name, String alias) {
    Optional<String> value = metadata.get(name);
    return value.isPresent() ? value : metadata.get(alias);
  }

  private static String identifier(ComponentMetadata metadata, String key, String fallback)
      throws ComponentException {
    String value = metadata.get(key, fallback);
    if (!IDENTIFIER.matcher(value).matches()) {
      throw new ComponentException("invalid identifier for "
          + (key.equals("tableName") ? "table name" : "metadata table name") + ": " + value);
    }
    return value;
  }

  private static Duration duration(ComponentMetadata metadata, Optional<String> value, String key,
      Duration fallback) throws ComponentException {
    if (value.isEmpty()) {
      return fallback;
    }
    return GoDurations.parseMetadata(value.get(), ChronoUnit.SECONDS).orElseThrow(
        () -> metadata.invalid(key, value.get(), "a duration such as 500ms, 5s or 1h, or a number of seconds"));
  }
}
