package io.jdaprd.components.postgresql;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StoredValue;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The state table, its SQL and its migrations, in the layout of daprd's {@code state.postgresql} v2, so that daprd
 * and jdaprd can share a database: {@code key text PRIMARY KEY, value bytea, etag uuid, created_at, updated_at,
 * expires_at timestamptz, row_id bigint identity}, and a metadata table ({@code key, value text}) that holds the
 * migration level under {@code migrations-state-v2-<tablePrefix>} and the time of the last cleanup under
 * {@code last-cleanup-state-v2-<tablePrefix>}. ETags are random UUIDs, new on every write.
 *
 * <p>Migrations run in one transaction that first takes a transaction-scoped advisory lock, so that jdaprd sidecars
 * starting together migrate one after the other (creating the metadata table included), and then locks daprd's
 * {@code lock} row of the metadata table, which is how daprd sidecars exclude each other.
 */
final class StateSchema implements StateLayout {
  /** The migration level this code brings a table to: daprd v2's two migrations. */
  static final int LEVEL = 2;
  private static final int MIGRATION_TIMEOUT_SECONDS = 60;
  private static final String LIVE = "(expires_at IS NULL OR expires_at >= now())";
  private static final String EXPIRY = "now() + ?::integer * interval '1 second'";

  private static final String VALUE_COLUMNS = "value, etag, expires_at";

  private final String table;
  private final String selectOne;
  private final String selectMany;
  private final String upsert;
  private final String insertIfAbsent;
  private final String updateIfEtag;
  private final String delete;
  private final String deleteIfEtag;
  private final String deleteExpired;
  private final String claimCleanup;
  private final String cleanupKey;
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

  @Override
  public String table() {
    return table;
  }

  @Override
  public String valueColumns() {
    return VALUE_COLUMNS;
  }

  @Override
  public String selectOne() {
    return selectOne;
  }

  @Override
  public String selectMany() {
    return selectMany;
  }

  @Override
  public String selectList() {
    return VALUE_COLUMNS;
  }

  @Override
  public String live() {
    return LIVE;
  }

  /** The value read by the session function {@code pg_temp.jdaprd_jsonb}: JSON when it is UTF-8 JSON. */
  @Override
  public String document() {
    return "pg_temp.jdaprd_jsonb(value)";
  }

  @Override
  public StoredValue read(ResultSet rs, int first) throws SQLException {
    byte[] data = rs.getBytes(first);
    OffsetDateTime expires = rs.getObject(first + 2, OffsetDateTime.class);
    return new StoredValue(data == null ? new byte[0] : data, rs.getString(first + 1), expiry(expires));
  }

  /** As daprd v2, with Go's {@code uuid.Parse}: an ETag that is not a UUID is a mismatch. */
  @Override
  public String etag(String etag) throws StateException {
    try {
      return Etags.canonical(etag);
    } catch (Etags.MalformedEtagException e) {
      throw new EtagMismatchException(e.getMessage());
    }
  }

  @Override
  public int apply(PostgresDatabase database, Connection c, StateWrite write) throws SQLException {
    String sql;
    if (write.delete()) {
      sql = write.etag() != null ? deleteIfEtag : delete;
    } else if (write.etag() != null) {
      sql = updateIfEtag;
    } else {
      sql = write.firstWrite() ? insertIfAbsent : upsert;
    }
    try (PreparedStatement ps = database.prepare(c, sql)) {
      int i = 1;
      if (write.delete()) {
        ps.setString(i++, write.key());
      } else if (write.etag() != null) {
        ps.setBytes(i++, write.value());
        ttl(ps, i++, write.ttlSeconds());
        ps.setString(i++, write.key());
      } else {
        ps.setString(i++, write.key());
        ps.setBytes(i++, write.value());
        ttl(ps, i++, write.ttlSeconds());
      }
      if (write.etag() != null) {
        ps.setString(i, write.etag());
      }
      return ps.executeUpdate();
    }
  }

  @Override
  public String deleteExpired() {
    return deleteExpired;
  }

  @Override
  public String claimCleanup() {
    return claimCleanup;
  }

  @Override
  public String cleanupKey() {
    return cleanupKey;
  }

  /** Binds a TTL of {@code seconds} (none when 0 or less) for {@link #EXPIRY}-like expressions. */
  static void ttl(PreparedStatement ps, int index, int seconds) throws SQLException {
    if (seconds > 0) {
      ps.setInt(index, seconds);
    } else {
      ps.setNull(index, Types.INTEGER);
    }
  }

  /** The response metadata of a row that expires at {@code expires} ({@code null}: never). */
  static Map<String, String> expiry(OffsetDateTime expires) {
    return expires == null ? Map.of()
        : Map.of("ttlExpireTime", expires.toInstant().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  /**
   * Brings the tables to {@link #LEVEL}, inside the caller's transaction on {@code c}, under
   * {@link #lockMigrations}.
   *
   * @throws ComponentException when the state table exists with another layout (daprd v1's, for example)
   */
  @Override
  public void migrate(Connection c, String storeName) throws SQLException, ComponentException {
    String meta = lockMigrations(c, settings);
    int level = level(c, meta, migrationKey, storeName);
    String name = PostgresSettings.unqualified(table);
    if (level < 1) {
      execute(c, "CREATE TABLE IF NOT EXISTS " + table + " (key text NOT NULL PRIMARY KEY, value bytea NOT NULL,"
          + " etag uuid NOT NULL DEFAULT gen_random_uuid(),"
          + " created_at timestamp with time zone NOT NULL DEFAULT now(),"
          + " updated_at timestamp with time zone, expires_at timestamp with time zone)");
      verifyLayout(c, storeName);
      execute(c, "CREATE INDEX IF NOT EXISTS " + name + "_expires_at_idx ON " + table + " (expires_at)");
      setLevel(c, meta, migrationKey, 1);
    }
    if (level < 2) {
      execute(c, "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS row_id bigint GENERATED BY DEFAULT AS IDENTITY");
      execute(c, "CREATE UNIQUE INDEX IF NOT EXISTS " + name + "_row_id_uidx ON " + table + " (row_id)");
      setLevel(c, meta, migrationKey, 2);
    }
    verifyLayout(c, storeName);
  }

  /**
   * Takes the locks under which migrations run, inside the caller's transaction on {@code c}: a transaction-scoped
   * advisory lock, so that jdaprd sidecars starting together migrate one after the other (creating the schema and the
   * metadata table included), then daprd's {@code lock} row of the metadata table. Waiting may take up to a minute,
   * longer than the store's timeout; the pool restores the connection's timeouts afterwards.
   *
   * @return the metadata table
   */
  static String lockMigrations(Connection c, PostgresSettings settings) throws SQLException {
    String meta = settings.metadataTable();
    c.setNetworkTimeout(Runnable::run, (MIGRATION_TIMEOUT_SECONDS + 10) * 1000);
    execute(c, "SELECT pg_advisory_xact_lock(?)", lockId(meta));
    if (settings.schema() != null && !exists(c, "SELECT 1 FROM pg_namespace WHERE nspname = ?", settings.schema())) {
      execute(c, "CREATE SCHEMA IF NOT EXISTS " + settings.schema());
    }
    execute(c, "CREATE TABLE IF NOT EXISTS " + meta + " (key text NOT NULL PRIMARY KEY, value text NOT NULL)");
    execute(c, "INSERT INTO " + meta + " (key, value) VALUES ('lock', 'lock') ON CONFLICT (key) DO NOTHING");
    execute(c, "SELECT value FROM " + meta + " WHERE key = 'lock' FOR UPDATE");
    return meta;
  }

  /** The level recorded under {@code migrationKey}; 0 when none is. */
  static int level(Connection c, String meta, String migrationKey, String storeName)
      throws SQLException, ComponentException {
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

  static void setLevel(Connection c, String meta, String migrationKey, int level) throws SQLException {
    execute(c, "INSERT INTO " + meta + " (key, value) VALUES (?, ?) ON CONFLICT (key)"
        + " DO UPDATE SET value = excluded.value", migrationKey, Integer.toString(level));
  }

  /** Checks that the state table has the columns this store reads and writes, with their types. */
  private void verifyLayout(Connection c, String storeName) throws SQLException, ComponentException {
    Map<String, String> columns = columns(c, table);
    Map<String, String> expected = Map.of("key", "text", "value", "bytea", "etag", "uuid", "expires_at",
        "timestamp with time zone");
    for (Map.Entry<String, String> column : expected.entrySet()) {
      String found = columns.get(column.getKey());
      if (!column.getValue().equals(found)) {
        boolean v1 = "jsonb".equals(columns.get("value")) && columns.containsKey("isbinary");
        throw new ComponentException("state store " + storeName + ": table " + table
            + " does not have the layout of state.postgresql v2 (key text, value bytea, etag uuid, expires_at"
            + " timestamptz): column " + column.getKey() + (found == null ? " is missing" : " is " + found)
            + (v1 ? "; it is the table of daprd's state.postgresql v1: use version v1, or set another tableName or"
                + " tablePrefix" : ""));
      }
    }
  }

  /** The columns of {@code table} with their types, as {@code format_type} names them; empty when it is missing. */
  static Map<String, String> columns(Connection c, String table) throws SQLException {
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
    return columns;
  }

  private static long lockId(String metadataTable) {
    return UUID.nameUUIDFromBytes(("jdaprd state.postgresql migrations " + metadataTable)
        .getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
  }

  static boolean exists(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = statement(c, sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  static void execute(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = statement(c, sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.execute();
    }
  }

  static PreparedStatement statement(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setQueryTimeout(MIGRATION_TIMEOUT_SECONDS);
    return ps;
  }
}
