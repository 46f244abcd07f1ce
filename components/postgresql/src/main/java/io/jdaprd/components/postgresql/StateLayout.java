package io.jdaprd.components.postgresql;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StoredValue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The table layout of one version of daprd's {@code state.postgresql}, with its SQL: {@link StateSchema} for v2
 * ({@code bytea} values, UUID ETags) and {@link StateSchemaV1} for v1 ({@code jsonb} values with {@code isbinary},
 * the row's {@code xmin} as ETag). The store borrows connections and turns row counts into daprd's errors; a layout
 * knows the table.
 */
interface StateLayout {
  /** The state table, schema-qualified when a schema was given. */
  String table();

  /** Brings the tables to the layout's latest migration level, inside the caller's transaction on {@code c}. */
  void migrate(Connection c, String storeName) throws SQLException, ComponentException;

  /**
   * The columns {@link #read} reads, as they are named in the select lists of {@link #selectOne()},
   * {@link #selectMany()} and queries.
   */
  String valueColumns();

  /** The value columns of {@code key} (parameter 1), when the row is live. */
  String selectOne();

  /** The key and value columns of the live rows whose key is in the array of parameter 1. */
  String selectMany();

  /** The select list that yields {@link #valueColumns()} from a row of the table. */
  String selectList();

  /** The condition that a row has not expired. */
  String live();

  /**
   * An expression of a row's value as {@code jsonb}, {@code NULL} when the value is not JSON; it may call
   * {@link StateQuery#CREATE_FUNCTIONS}' session functions.
   */
  String document();

  /** The value, ETag and expiry of the current row; the value columns start at {@code first}. */
  StoredValue read(ResultSet rs, int first) throws SQLException, StateException;

  /**
   * A client's ETag in the form the layout compares, or daprd's error for one it cannot read.
   *
   * @param etag the client's ETag, not {@code null}
   */
  String etag(String etag) throws StateException;

  /** Applies {@code write} on {@code c} and returns the number of rows it changed. */
  int apply(PostgresDatabase database, Connection c, StateWrite write) throws SQLException;

  /** The statement that deletes every expired row. */
  String deleteExpired();

  /**
   * The statement that records a cleanup in the metadata table when the last one (under parameter 1) is older than
   * parameter 2 milliseconds; it changes no row otherwise.
   */
  String claimCleanup();

  /** The metadata table key of the last cleanup. */
  String cleanupKey();
}
