package io.jdaprd.components.postgresql;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.state.EtagInvalidException;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StoredValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;

/**
 * The state table of daprd's {@code state.postgresql} v1, so that daprd and jdaprd can share it: {@code key text
 * PRIMARY KEY, value jsonb, isbinary boolean, insertdate, updatedate, expiredate timestamptz, row_id bigint
 * identity}; the ETag is the row's {@code xmin} (a transaction id, in decimal); the metadata table ({@code key, value
 * text}) holds the migration level under {@code migrations} and the time of the last cleanup under
 * {@code last-cleanup}, as daprd v1 keeps them. Migrations are daprd v1's three, run under
 * {@link StateSchema#lockMigrations}.
 *
 * <p>Values are kept byte for byte. A value whose bytes are exactly the text PostgreSQL gives back for it as
 * {@code jsonb} ({@code "text"}, {@code 42}, {@code {"a": 1}}) is stored as that JSON, {@code isbinary} false, as
 * daprd stores JSON; any other value (binary, or JSON in another spelling such as the compact {@code {"a":1}}) is
 * stored as daprd stores bytes: the base64 text as a JSON string, {@code isbinary} true. daprd reads both back as
 * the same bytes. A write whose metadata says {@code contentType: application/json} (as Dapr's Spring Data adapter
 * sends) is stored as JSON whenever it is JSON, as daprd stores it, so SQL on the table sees the JSON; it then reads
 * back as PostgreSQL spells it. Queries read both kinds as JSON (session function
 * {@code pg_temp.jdaprd_v1_jsonb}).
 */
final class StateSchemaV1 implements StateLayout {
  /** The migration level this code brings a table to: daprd v1's three migrations. */
  static final int LEVEL = 3;
  private static final String MIGRATION_KEY = "migrations";
  private static final String CLEANUP_KEY = "last-cleanup";
  private static final String LIVE = "(expiredate IS NULL OR expiredate >= CURRENT_TIMESTAMP)";
  private static final String EXPIRY = "CURRENT_TIMESTAMP + ?::integer * interval '1 second'";
  private static final String VALUE_COLUMNS = "value, isbinary, etag, expiredate";
  private static final String SELECT_LIST = "value::text AS value, isbinary, xmin::text AS etag, expiredate";
  /**
   * The stored value: the JSON (parameters 2-4) when the write declared JSON (parameter 1) or its text is exact, else
   * the base64 (parameter 5).
   */
  private static final String VALUE = "CASE WHEN ? OR CAST(? AS jsonb)::text = ? THEN CAST(? AS jsonb)"
      + " ELSE to_jsonb(CAST(? AS text)) END";
  /** Whether the stored value is the base64 of the bytes (parameters: JSON, declared JSON, JSON, text). */
  private static final String IS_BINARY = "(CAST(? AS jsonb) IS NULL OR (NOT ? AND CAST(? AS jsonb)::text"
      + " IS DISTINCT FROM ?))";
  private static final long MAX_XID = 0xFFFF_FFFFL;

  private final PostgresSettings settings;
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

  StateSchemaV1(PostgresSettings settings) {
    this.settings = settings;
    this.table = settings.stateTable();
    selectOne = "SELECT " + SELECT_LIST + " FROM " + table + " WHERE key = ? AND " + LIVE;
    selectMany = "SELECT key, " + SELECT_LIST + " FROM " + table + " WHERE key = ANY(?) AND " + LIVE;
    upsert = "INSERT INTO " + table + " AS t (key, value, isbinary, expiredate) VALUES (?, " + VALUE + ", "
        + IS_BINARY + ", " + EXPIRY + ") ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
        + " isbinary = excluded.isbinary, updatedate = CURRENT_TIMESTAMP, expiredate = excluded.expiredate";
    insertIfAbsent = upsert + " WHERE t.expiredate IS NOT NULL AND t.expiredate < CURRENT_TIMESTAMP";
    updateIfEtag = "UPDATE " + table + " SET value = " + VALUE + ", isbinary = " + IS_BINARY
        + ", updatedate = CURRENT_TIMESTAMP, expiredate = " + EXPIRY + " WHERE key = ? AND xmin = ?::xid"
        + " AND (expiredate IS NULL OR expiredate > CURRENT_TIMESTAMP)";
    delete = "DELETE FROM " + table + " WHERE key = ?";
    deleteIfEtag = "DELETE FROM " + table + " WHERE key = ? AND xmin = ?::xid";
    deleteExpired = "DELETE FROM " + table + " WHERE expiredate IS NOT NULL AND expiredate < now()";
    claimCleanup = "INSERT INTO " + settings.metadataTable() + " AS m (key, value) VALUES (?, now()::text)"
        + " ON CONFLICT (key) DO UPDATE SET value = now()::text"
        + " WHERE (EXTRACT('epoch' FROM now() - m.value::timestamp with time zone) * 1000)::bigint > ?";
  }

  @Override
  public String table() {
    return table;
  }

  @Override
  public void migrate(Connection c, String storeName) throws SQLException, ComponentException {
    String meta = StateSchema.lockMigrations(c, settings);
    int level = StateSchema.level(c, meta, MIGRATION_KEY, storeName);
    if (level < 1) {
      StateSchema.execute(c, "CREATE TABLE IF NOT EXISTS " + table + " (key text NOT NULL PRIMARY KEY,"
          + " value jsonb NOT NULL, isbinary boolean NOT NULL,"
          + " insertdate timestamp with time zone NOT NULL DEFAULT now(),"
          + " updatedate timestamp with time zone NULL)");
      StateSchema.setLevel(c, meta, MIGRATION_KEY, 1);
    }
    if (level < 2) {
      verifyNotV2(c, storeName);
      StateSchema.execute(c, "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS expiredate"
          + " timestamp with time zone");
      StateSchema.setLevel(c, meta, MIGRATION_KEY, 2);
    }
    if (level < 3) {
      verifyNotV2(c, storeName);
      addRowId(c);
      StateSchema.setLevel(c, meta, MIGRATION_KEY, 3);
    }
    verifyLayout(c, storeName);
  }

  /**
   * daprd v1's third migration: a {@code row_id} identity, numbered for existing rows in the order of
   * {@code insertdate} and key, with a unique index.
   */
  private void addRowId(Connection c) throws SQLException {
    String qualified;
    String relation;
    String regName;
    try (PreparedStatement ps = StateSchema.statement(c, "SELECT format('%I.%I', n.nspname, c.relname), c.relname,"
        + " n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE c.oid = to_regclass(?)")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("table " + table + " not found");
        }
        qualified = rs.getString(1);
        relation = rs.getString(2);
        regName = rs.getString(3);
      }
    }
    StateSchema.execute(c, "ALTER TABLE " + qualified + " ADD COLUMN IF NOT EXISTS row_id bigint");
    StateSchema.execute(c, "WITH ranked AS (SELECT key, ROW_NUMBER() OVER (ORDER BY insertdate ASC, key ASC) AS rn"
        + " FROM " + qualified + " WHERE row_id IS NULL) UPDATE " + qualified + " AS t SET row_id = r.rn"
        + " FROM ranked r WHERE r.key = t.key");
    StateSchema.execute(c, "ALTER TABLE " + qualified + " ALTER COLUMN row_id SET NOT NULL");
    if (!StateSchema.exists(c, "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = 'row_id'"
        + " AND attidentity <> ''", table)) {
      StateSchema.execute(c, "ALTER TABLE " + qualified + " ALTER COLUMN row_id ADD GENERATED BY DEFAULT AS IDENTITY");
    }
    StateSchema.execute(c, "SELECT setval(pg_get_serial_sequence(?, 'row_id'), COALESCE((SELECT max(row_id) FROM "
        + qualified + "), 0) + 1, false)", regName);
    StateSchema.execute(c, "CREATE UNIQUE INDEX IF NOT EXISTS \"" + (relation + "_row_id_uidx").replace("\"", "\"\"")
        + "\" ON " + qualified + " (row_id)");
  }

  /** Refuses a table of daprd v2's layout before a migration changes it. */
  private void verifyNotV2(Connection c, String storeName) throws SQLException, ComponentException {
    Map<String, String> columns = StateSchema.columns(c, table);
    if ("bytea".equals(columns.get("value")) && columns.containsKey("etag")) {
      throw new ComponentException(layoutProblem(storeName, "value", "bytea")
          + "; it is the table of daprd's state.postgresql v2: use version v2, or set another tableName");
    }
  }

  /** Checks that the state table has the columns this layout reads and writes, with their types. */
  private void verifyLayout(Connection c, String storeName) throws SQLException, ComponentException {
    verifyNotV2(c, storeName);
    Map<String, String> columns = StateSchema.columns(c, table);
    Map<String, String> expected = Map.of("key", "text", "value", "jsonb", "isbinary", "boolean", "expiredate",
        "timestamp with time zone");
    for (Map.Entry<String, String> column : expected.entrySet()) {
      String found = columns.get(column.getKey());
      if (!column.getValue().equals(found)) {
        throw new ComponentException(layoutProblem(storeName, column.getKey(), found));
      }
    }
  }

  private String layoutProblem(String storeName, String column, String found) {
    return "state store " + storeName + ": table " + table + " does not have the layout of state.postgresql v1"
        + " (key text, value jsonb, isbinary boolean, expiredate timestamptz): column " + column
        + (found == null ? " is missing" : " is " + found);
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
    return CLEANUP_KEY;
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
    return SELECT_LIST;
  }

  @Override
  public String live() {
    return LIVE;
  }

  @Override
  public String document() {
    return "pg_temp.jdaprd_v1_jsonb(value, isbinary)";
  }

  /** As daprd v1 reads a row: JSON values as PostgreSQL prints them, binary ones decoded from their base64. */
  @Override
  public StoredValue read(ResultSet rs, int first) throws SQLException, StateException {
    String value = rs.getString(first);
    boolean binary = rs.getBoolean(first + 1);
    String etag = rs.getString(first + 2);
    OffsetDateTime expires = rs.getObject(first + 3, OffsetDateTime.class);
    byte[] data = binary ? decode(value) : value.getBytes(StandardCharsets.UTF_8);
    return new StoredValue(data, etag, StateSchema.expiry(expires));
  }

  /** The bytes of a binary value: a JSON string holding standard base64. */
  private static byte[] decode(String json) throws StateException {
    if (json.length() < 2 || json.charAt(0) != '"' || json.charAt(json.length() - 1) != '"'
        || json.indexOf('\\') >= 0) {
      throw new StateException("failed to unmarshal JSON data: the binary value is not a plain JSON string");
    }
    try {
      return Base64.getDecoder().decode(json.substring(1, json.length() - 1));
    } catch (IllegalArgumentException e) {
      throw new StateException("failed to decode base64 data: " + e.getMessage());
    }
  }

  /**
   * As daprd v1, with Go's {@code strconv.ParseUint(etag, 10, 32)}: a decimal 32-bit transaction id; anything else
   * is an invalid ETag (HTTP 400).
   */
  @Override
  public String etag(String etag) throws StateException {
    String quoted = "\"" + etag.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    if (!etag.matches("[0-9]+")) {
      throw new EtagInvalidException("strconv.ParseUint: parsing " + quoted + ": invalid syntax");
    }
    String digits = etag.replaceFirst("^0+(?=.)", "");
    if (digits.length() > 10 || Long.parseLong(digits) > MAX_XID) {
      throw new EtagInvalidException("strconv.ParseUint: parsing " + quoted + ": value out of range");
    }
    return digits;
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
      } else {
        if (write.etag() == null) {
          ps.setString(i++, write.key());
        }
        i = bindValue(ps, i, write.value(), write.declaredJson());
        StateSchema.ttl(ps, i++, write.ttlSeconds());
        if (write.etag() != null) {
          ps.setString(i++, write.key());
        }
      }
      if (write.etag() != null) {
        ps.setString(i, write.etag());
      }
      return ps.executeUpdate();
    }
  }

  /** Binds the parameters of {@link #VALUE} and {@link #IS_BINARY} from {@code at}; returns the next index. */
  private static int bindValue(PreparedStatement ps, int at, byte[] value, boolean declaredJson)
      throws SQLException {
    String text = jsonCandidate(value);
    String base64 = Base64.getEncoder().encodeToString(value);
    boolean asJson = declaredJson && text != null;
    int i = at;
    for (Object parameter : new Object[] {asJson, text, text, text, base64, text, asJson, text, text}) {
      if (parameter instanceof Boolean flag) {
        ps.setBoolean(i++, flag);
      } else if (parameter == null) {
        ps.setNull(i++, Types.VARCHAR);
      } else {
        ps.setString(i++, (String) parameter);
      }
    }
    return i;
  }

  /**
   * The value as text when PostgreSQL can read it as {@code jsonb} (strict UTF-8 holding one JSON value that
   * {@link JsonCheck} accepts), else {@code null}. Whether that JSON reads back as the same text is left to
   * PostgreSQL.
   */
  private static String jsonCandidate(byte[] value) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    return JsonCheck.isJson(text) ? text : null;
  }
}
