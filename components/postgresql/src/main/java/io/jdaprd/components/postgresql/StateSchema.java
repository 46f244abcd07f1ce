package io.jdaprd.components.postgresql;

import io.jdaprd.spi.ComponentException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The state table, its SQL and its migrations, in the layout of daprd's {@code state.postgresql} v2, so that daprd
 * and jdaprd can share a database: {@code key text PRIMARY KEY, value bytea, etag uuid, created_at, updated_at,
 * expires_at timestamptz, row_id bigint identity}, and a metadata table ({@code key, value text}) that holds the
 * migration level under {@code migrations-state-v2-<tablePrefix>} and the time of the last cleanup under
 * {@code last-cleanup-state-v2-<tablePrefix>}.
 *
 * <p>Migrations run in one transaction that first takes a transaction-scoped advisory lock, so that jdaprd sidecars
 * starting together migrate one after the other (creating the metadata table included), and then locks daprd's
 * {@code lock} row of the metadata table, which is how daprd sidecars exclude each other.
 */
final class StateSchema {
  /** The migration level this code brings a table to: daprd v2's two migrations. */
  static final int LEVEL = 2;
  private static final int MIGRATION_TIMEOUT_SECONDS = 60;
  private static final String LIVE = "(expires_at IS NULL OR expires_at >= now())";
  private static final String EXPIRY = "now() + ?::integer * interval '1 second'";

  final String table;
  final String selectOne;
  final String selectMany;
  final String upsert;
  final String insertIfAbsent;
  final String updateIfEtag;
  final String delete;
  final String deleteIfEtag;
  final String deleteExpired;
  final String claimCleanup;
  final String cleanupKey;
  private final PostgresSettings settings;
  private final String migrationKey;

  StateSchema(PostgresSettings settings) {
    this.settings = settings;
    this.table = settings.stateTable();
    String meta = settings.metadataTable();
    this.migrationKey = "migrations-state-v2-" + settings.keySuffix();
    this.cleanupKey = "last-cleanup-state-v2-" + settings.keySuffix();
    selectOne = "SELECT value, etag, expires_at FROM " + table + " WHERE key = ? AND " + LIVE;
    selectMany = "SELECT key, value, etag, expires_at FROM " + table + " WHERE key = ANY(?) AND " + LIVE;
    upsert = "INSERT INTO " + table + " AS t (key, value, etag, expires_at) VALUES (?, ?, gen_random_uuid(), "
        + EXPIRY + ") ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now(),"
        + " etag = gen_random_uuid(), expires_at = excluded.expires_at";
    insertIfAbsent = upsert + " WHERE t.expires_at IS NOT NULL AND t.expires_at < now()";
    updateIfEtag = "UPDATE " + table + " SET value = ?, updated_at = now(), etag = gen_random_uuid(), expires_at = "
        + EXPIRY + " WHERE key = ? AND etag = ?::uuid AND " + LIVE;
    delete = "DELETE FROM " + table + " WHERE key = ?";
    deleteIfEtag = "DELETE FROM " + table + " WHERE key = ? AND etag = ?::uuid AND " + LIVE;
    deleteExpired = "DELETE FROM " + table + " WHERE expires_at IS NOT NULL AND expires_at < now()";
    claimCleanup = "INSERT INTO " + meta + " AS m (key, value) VALUES (?, now()::text) ON CONFLICT (key)"
        + " DO UPDATE SET value = now()::text"
        + " WHERE (EXTRACT('epoch' FROM now() - m.value::timestamp with time zone) * 1000)::bigint > ?";
  }

  /** The condition that a row has not expired. */
  static String live() {
    return LIVE;
  }

  /**
   * Brings the tables to {@link #LEVEL}, inside the caller's transaction on {@code c}. Waiting for the locks may
   * take up to a minute, longer than the store's timeout; the pool restores the connection's timeouts afterwards.
   *
   * @throws ComponentException when the state table exists with another layout (daprd v1's, for example)
   */
  void migrate(Connection c, String storeName) throws SQLException, ComponentException {
    String meta = settings.metadataTable();
    c.setNetworkTimeout(Runnable::run, (MIGRATION_TIMEOUT_SECONDS + 10) * 1000);
    execute(c, "SELECT pg_advisory_xact_lock(?)", lockId(meta));
    if (settings.schema() != null && !exists(c, "SELECT 1 FROM pg_namespace WHERE nspname = ?", settings.schema())) {
      execute(c, "CREATE SCHEMA IF NOT EXISTS " + settings.schema());
    }
    execute(c, "CREATE TABLE IF NOT EXISTS " + meta + " (key text NOT NULL PRIMARY KEY, value text NOT NULL)");
    execute(c, "INSERT INTO " + meta + " (key, value) VALUES ('lock', 'lock') ON CONFLICT (key) DO NOTHING");
    execute(c, "SELECT value FROM " + meta + " WHERE key = 'lock' FOR UPDATE");
    int level = level(c, meta, storeName);
    String name = PostgresSettings.unqualified(table);
    if (level < 1) {
      execute(c, "CREATE TABLE IF NOT EXISTS " + table + " (key text NOT NULL PRIMARY KEY, value bytea NOT NULL,"
          + " etag uuid NOT NULL DEFAULT gen_random_uuid(),"
          + " created_at timestamp with time zone NOT NULL DEFAULT now(),"
          + " updated_at timestamp with time zone, expires_at timestamp with time zone)");
      verifyLayout(c, storeName);
      execute(c, "CREATE INDEX IF NOT EXISTS " + name + "_expires_at_idx ON " + table + " (expires_at)");
      setLevel(c, meta, 1);
    }
    if (level < 2) {
      execute(c, "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS row_id bigint GENERATED BY DEFAULT AS IDENTITY");
      execute(c, "CREATE UNIQUE INDEX IF NOT EXISTS " + name + "_row_id_uidx ON " + table + " (row_id)");
      setLevel(c, meta, 2);
    }
    verifyLayout(c, storeName);
  }

  /** The level recorded for this table; 0 when none is. */
  private int level(Connection c, String meta, String storeName) throws SQLException, ComponentException {
    try (PreparedStatement ps = statement(c, "SELECT value FROM " + meta + " WHERE key = ?")) {
      ps.setString(1, migrationKey);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return 0;
        }
        String value = rs.getString(1);
        if (!value.matches("\\d{1,9}")) {
          throw new ComponentException("state store " + storeName + ": invalid migration level found in metadata"
              + " table " + meta + ": " + value);
        }
        return Integer.parseInt(value);
      }
    }
  }

  private void setLevel(Connection c, String meta, int level) throws SQLException {
    execute(c, "INSERT INTO " + meta + " (key, value) VALUES (?, ?) ON CONFLICT (key)"
        + " DO UPDATE SET value = excluded.value", migrationKey, Integer.toString(level));
  }

  /** Checks that the state table has the columns this store reads and writes, with their types. */
  private void verifyLayout(Connection c, String storeName) throws SQLException, ComponentException {
    Map<String, String> columns = new HashMap<>();
    try (PreparedStatement ps = statement(c, "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
        + " WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    Map<String, String> expected = Map.of("key", "text", "value", "bytea", "etag", "uuid", "expires_at",
        "timestamp with time zone");
    for (Map.Entry<String, String> column : expected.entrySet()) {
      String found = columns.get(column.getKey());
      if (!column.getValue().equals(found)) {
        boolean v1 = "jsonb".equals(columns.get("value")) && columns.containsKey("isbinary");
        throw new ComponentException("state store " + storeName + ": table " + table
            + " does not have the layout of state.postgresql v2 (key text, value bytea, etag uuid, expires_at"
            + " timestamptz): column " + column.getKey() + (found == null ? " is missing" : " is " + found)
            + (v1 ? "; it is the table of daprd's state.postgresql v1, whose JSONB values cannot be kept byte for"
                + " byte: set another tableName or tablePrefix" : ""));
      }
    }
  }

  private static long lockId(String metadataTable) {
    return UUID.nameUUIDFromBytes(("jdaprd state.postgresql migrations " + metadataTable)
        .getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
  }

  private static boolean exists(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = statement(c, sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void execute(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = statement(c, sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.execute();
    }
  }

  private static PreparedStatement statement(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setQueryTimeout(MIGRATION_TIMEOUT_SECONDS);
    return ps;
  }
}
