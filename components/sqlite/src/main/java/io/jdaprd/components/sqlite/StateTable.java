package io.jdaprd.components.sqlite;

import io.jdaprd.spi.state.StoredValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;

/**
 * The state table and its SQL, in the schema of Dapr's {@code state.sqlite}, so that daprd and jdaprd can use the
 * same database file: {@code key, value TEXT, is_binary, etag, expiration_time, update_time}, plus a metadata table
 * holding the schema version ({@code migrations = 1}) and the time of the last cleanup.
 *
 * <p>Values that are UTF-8 text without NUL bytes are stored as text ({@code is_binary = 0}), others as base64
 * ({@code is_binary = 1}), which is how daprd reads them. Times are UTC text, {@code yyyy-MM-dd HH:mm:ss.SSS}, which
 * compares correctly with SQLite's {@code CURRENT_TIMESTAMP} that daprd writes and compares with.
 */
final class StateTable {
  private static final DateTimeFormatter WRITE_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter READ_FORMAT = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
      .optionalEnd().toFormatter();
  private static final String LIVE = "(expiration_time IS NULL OR expiration_time > ?)";
  private static final String COLUMNS = "(key, value, is_binary, etag, expiration_time, update_time)";

  final String selectOne;
  final String upsert;
  final String insertIfAbsent;
  final String updateIfEtag;
  final String delete;
  final String deleteIfEtag;
  final String deleteExpired;
  final String claimCleanup;
  private final String table;
  private final String metadataTable;

  StateTable(String table, String metadataTable) {
    this.table = table;
    this.metadataTable = metadataTable;
    selectOne = "SELECT value, is_binary, etag, expiration_time FROM " + table + " WHERE key = ? AND " + LIVE;
    String insert = "INSERT INTO " + table + " " + COLUMNS + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE"
        + " SET value = excluded.value, is_binary = excluded.is_binary, etag = excluded.etag,"
        + " expiration_time = excluded.expiration_time, update_time = excluded.update_time";
    upsert = insert;
    insertIfAbsent = insert + " WHERE " + table + ".expiration_time IS NOT NULL AND " + table
        + ".expiration_time <= ?";
    updateIfEtag = "UPDATE " + table + " SET value = ?, is_binary = ?, etag = ?, expiration_time = ?,"
        + " update_time = ? WHERE key = ? AND etag = ? AND " + LIVE;
    delete = "DELETE FROM " + table + " WHERE key = ?";
    deleteIfEtag = "DELETE FROM " + table + " WHERE key = ? AND etag = ? AND " + LIVE;
    deleteExpired = "DELETE FROM " + table + " WHERE expiration_time IS NOT NULL AND expiration_time <= ?";
    claimCleanup = "INSERT INTO " + metadataTable + " (key, value) VALUES ('last-cleanup', CURRENT_TIMESTAMP)"
        + " ON CONFLICT (key) DO UPDATE SET value = CURRENT_TIMESTAMP"
        + " WHERE (unixepoch(CURRENT_TIMESTAMP) - unixepoch(value)) * 1000 > ?";
  }

  /** A query for {@code count} keys at once. */
  String selectMany(int count) {
    return "SELECT key, value, is_binary, etag, expiration_time FROM " + table + " WHERE key IN ("
        + String.join(", ", Collections.nCopies(count, "?")) + ") AND " + LIVE;
  }

  /**
   * Creates the metadata table and the state table when missing and records schema version 1, as daprd's first
   * migration does; inside the caller's transaction.
   */
  void migrate(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS " + metadataTable
          + " (key text NOT NULL PRIMARY KEY, value text NOT NULL)");
      statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (key TEXT NOT NULL PRIMARY KEY,"
          + " value TEXT NOT NULL, is_binary BOOLEAN NOT NULL, etag TEXT NOT NULL,"
          + " expiration_time TIMESTAMP DEFAULT NULL, update_time TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
      statement.execute("INSERT INTO " + metadataTable + " (key, value) VALUES ('migrations', '1')"
          + " ON CONFLICT (key) DO NOTHING");
    }
  }

  /** The time {@code epochMillis} as stored. */
  static String timestamp(long epochMillis) {
    return WRITE_FORMAT.format(Instant.ofEpochMilli(epochMillis));
  }

  /** Whether {@code value} can be stored as text: valid UTF-8 without NUL bytes. */
  static boolean isText(byte[] value) {
    for (byte b : value) {
      if (b == 0) {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** The text stored for {@code value}: the text itself, or base64 when {@code binary}. */
  static String encode(byte[] value, boolean binary) {
    return binary ? Base64.getEncoder().encodeToString(value) : new String(value, StandardCharsets.UTF_8);
  }

  /**
   * The stored value of the current row; the columns start at {@code first}: value, is_binary, etag,
   * expiration_time.
   */
  static StoredValue read(ResultSet row, int first) throws SQLException {
    byte[] raw = row.getBytes(first);
    byte[] data = row.getBoolean(first + 1) ? Base64.getMimeDecoder().decode(raw) : raw;
    String expiration = row.getString(first + 3);
    Map<String, String> metadata = Map.of();
    if (expiration != null) {
      Instant expires = parseTime(expiration);
      if (expires != null) {
        metadata = Map.of("ttlExpireTime", expires.truncatedTo(ChronoUnit.SECONDS).toString());
      }
    }
    return new StoredValue(data == null ? new byte[0] : data, row.getString(first + 2), metadata);
  }

  /** A stored time, in our form or SQLite's ({@code 2024-05-01 10:00:00}); {@code null} when neither. */
  static Instant parseTime(String text) {
    String normalized = text.trim().replace('T', ' ');
    if (normalized.endsWith("Z")) {
      normalized = normalized.substring(0, normalized.length() - 1);
    }
    try {
      return LocalDateTime.parse(normalized, READ_FORMAT).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
