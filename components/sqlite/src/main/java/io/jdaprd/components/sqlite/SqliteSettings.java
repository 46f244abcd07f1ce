package io.jdaprd.components.sqlite;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.golang.GoDurations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The metadata of {@code state.sqlite}, with Dapr's names, aliases and defaults.
 *
 * @param jdbcUrl the sqlite-jdbc URL, query parameters of the connection string included
 * @param databaseFile the database file, or {@code null} for an in-memory database
 * @param inMemory whether the database lives in memory (one connection, gone on close)
 * @param tableName the state table
 * @param metadataTableName the table of schema version and cleanup bookkeeping
 * @param timeout the longest one operation may take, waiting for a connection included
 * @param busyTimeout how long SQLite waits for a lock held by another connection ({@code PRAGMA busy_timeout});
 *     zero for not at all
 * @param cleanupInterval how often expired rows are deleted; zero when periodic cleanup is off
 * @param wal whether the database uses write-ahead logging
 */
record SqliteSettings(String jdbcUrl, Path databaseFile, boolean inMemory, String tableName,
    String metadataTableName, Duration timeout, Duration busyTimeout, Duration cleanupInterval, boolean wal) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
  static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(2);
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]+");
  private static final Pattern FORBIDDEN_PRAGMA =
      Pattern.compile("(?i)(?:^|&)_pragma=(busy_timeout|journal_mode|foreign_keys)");

  static SqliteSettings from(ComponentMetadata metadata) throws ComponentException {
    String connectionString = first(metadata, "connectionString", "url")
        .orElseThrow(() -> new ComponentException("component " + metadata.name() + " (" + metadata.type()
            + "): metadata connectionString is required (expected: a file path, file: URI or :memory:)"));
    String tableName = identifier(metadata, "tableName", "state");
    String metadataTableName = identifier(metadata, "metadataTableName", "metadata");
    Optional<String> rawTimeout = first(metadata, "timeout", "timeoutInSeconds");
    Duration timeout = duration(metadata, rawTimeout, "timeout", DEFAULT_TIMEOUT);
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw metadata.invalid("timeout", rawTimeout.orElse(""), "at least 1s");
    }
    Duration busyTimeout = nonNegative(duration(metadata, metadata.get("busyTimeout"), "busyTimeout",
        DEFAULT_BUSY_TIMEOUT)).truncatedTo(ChronoUnit.MILLIS);
    Duration cleanupInterval = nonNegative(duration(metadata,
        first(metadata, "cleanupInterval", "cleanupIntervalInSeconds"), "cleanupInterval", Duration.ZERO));
    boolean disableWal = metadata.getBoolean("disableWAL", false);

    int query = connectionString.indexOf('?');
    String location = query < 0 ? connectionString : connectionString.substring(0, query);
    String parameters = query < 0 ? "" : connectionString.substring(query + 1);
    if (FORBIDDEN_PRAGMA.matcher(parameters).find()) {
      throw metadata.invalid("connectionString", "…?" + parameters,
          "no _pragma=busy_timeout, journal_mode or foreign_keys; use the busyTimeout and disableWAL metadata");
    }
    String lower = location.toLowerCase(Locale.ROOT);
    boolean inMemory = lower.startsWith(":memory:") || lower.startsWith("file::memory:");
    boolean readOnly = parameters.matches("(?i)(.*&)?(mode=ro|immutable=1)(&.*)?");
    Path file = inMemory ? null : filePath(location);
    String jdbcUrl;
    if (inMemory) {
      jdbcUrl = "jdbc:sqlite::memory:";
    } else if (lower.startsWith("file:")) {
      jdbcUrl = "jdbc:sqlite:" + connectionString;
    } else if (parameters.isEmpty()) {
      jdbcUrl = "jdbc:sqlite:" + file;
    } else {
      jdbcUrl = "jdbc:sqlite:file:" + file + "?" + parameters;
    }
    return new SqliteSettings(jdbcUrl, file, inMemory, tableName, metadataTableName, timeout, busyTimeout,
        cleanupInterval, !disableWal && !inMemory && !readOnly);
  }

  /** The file a path or {@code file:} URI names: {@code file:data.db}, {@code file:///abs/data.db}. */
  private static Path filePath(String location) {
    String path = location;
    if (path.regionMatches(true, 0, "file:", 0, 5)) {
      path = path.substring(5);
      if (path.startsWith("//")) {
        int slash = path.indexOf('/', 2);
        path = slash < 0 ? "" : path.substring(slash);
      }
    }
    return Path.of(path).toAbsolutePath().normalize();
  }

  private static Optional<String> first(ComponentMetadata metadata, String name, String alias) {
    Optional<String> value = metadata.get(name);
    return value.isPresent() ? value : metadata.get(alias);
  }

  private static String identifier(ComponentMetadata metadata, String key, String fallback)
      throws ComponentException {
    String value = metadata.get(key, fallback);
    if (!IDENTIFIER.matcher(value).matches()) {
      throw metadata.invalid(key, value, "letters, digits and underscores only");
    }
    return value;
  }

  /** A Go duration or a number of seconds, either possibly negative, as Dapr's metadata decoder reads them. */
  private static Duration duration(ComponentMetadata metadata, Optional<String> value, String key,
      Duration fallback) throws ComponentException {
    if (value.isEmpty()) {
      return fallback;
    }
    return GoDurations.parseMetadata(value.get(), ChronoUnit.SECONDS)
        .orElseThrow(() -> metadata.invalid(key, value.get(), "a duration such as 500ms, 5s or 1h, or a number of seconds"));
  }

  private static Duration nonNegative(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }
}
