package io.jdaprd.components.postgresql;

import io.jdaprd.golang.GoJson;
import io.jdaprd.spi.state.Query;
import io.jdaprd.spi.state.Query.Filter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Dapr's state query language translated to one SQL statement over the state table. Values may be kept as bytes,
 * so each candidate row (a live row whose key starts with the query's prefix) is read as JSON by a session-scoped
 * function ({@link StateLayout#document()}) that answers {@code NULL} for values that are not UTF-8 JSON; those rows
 * never match. Filters compare JSON values with JSON equality ({@code 3} matches {@code 3.0}, not {@code "3"}) at
 * a dotted path ({@code person.org} is {@code doc #> '{person,org}'}); sorting uses PostgreSQL's JSONB order
 * (numbers by value), puts rows without the field last, and ends with the key so that pages are stable. A page
 * token is an opaque form of the offset of the next page, as Dapr's PostgreSQL store pages.
 */
final class StateQuery {
  /**
   * Create the JSON reading functions in the session, for v2's {@code bytea} values and for v1's {@code jsonb}
   * values with their {@code isbinary} flag; temporary objects vanish with the connection.
   */
  static final List<String> CREATE_FUNCTIONS = List.of(
      "CREATE OR REPLACE FUNCTION pg_temp.jdaprd_jsonb(v bytea) RETURNS jsonb"
          + " LANGUAGE plpgsql IMMUTABLE STRICT AS $f$ BEGIN RETURN convert_from(v, 'UTF8')::jsonb;"
          + " EXCEPTION WHEN OTHERS THEN RETURN NULL; END $f$",
      "CREATE OR REPLACE FUNCTION pg_temp.jdaprd_v1_jsonb(v jsonb, stored_as_base64 boolean) RETURNS jsonb"
          + " LANGUAGE plpgsql IMMUTABLE STRICT AS $f$ BEGIN IF NOT stored_as_base64 THEN RETURN v; END IF;"
          + " RETURN convert_from(decode(v #>> ARRAY[]::text[], 'base64'), 'UTF8')::jsonb;"
          + " EXCEPTION WHEN OTHERS THEN RETURN NULL; END $f$");
  private static final String TOKEN_PREFIX = "pg-offset:";

  /** The query cannot be run as asked; the message says why. */
  static final class InvalidQueryException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidQueryException(String message) {
      super(message);
    }
  }

  final String sql;
  final long offset;
  final int limit;
  private final List<Object> params;

  private StateQuery(String sql, List<Object> params, long offset, int limit) {
    this.sql = sql;
    this.params = params;
    this.offset = offset;
    this.limit = limit;
  }

  /**
   * Translates {@code query} for the table of {@code layout}; rows yield the key and the layout's value columns.
   * With a limit, one row more than asked is read.
   */
  static StateQuery of(StateLayout layout, Query query) throws InvalidQueryException {
    List<Object> params = new ArrayList<>();
    params.add(query.keyPrefix() == null ? "" : query.keyPrefix());
    StringBuilder sql = new StringBuilder("SELECT key, ").append(layout.valueColumns()).append(" FROM (SELECT key, ")
        .append(layout.selectList()).append(", ").append(layout.document()).append(" AS doc FROM ")
        .append(layout.table()).append(" WHERE starts_with(key, ?) AND ").append(layout.live())
        .append(" OFFSET 0) AS candidates WHERE doc IS NOT NULL");
    if (query.filter() != null) {
      sql.append(" AND ");
      filter(query.filter(), sql, params);
    }
    sql.append(" ORDER BY ");
    for (Query.Sort sort : query.sort()) {
      sql.append("doc #> ?::text[]").append(sort.descending() ? " DESC" : " ASC").append(" NULLS LAST, ");
      params.add(path(sort.path()));
    }
    sql.append("key");
    if (query.limit() < 0) {
      throw new InvalidQueryException("page limit " + query.limit() + " is negative");
    }
    if (query.limit() > 0) {
      sql.append(" LIMIT ").append(query.limit() + 1L);
    }
    long offset = decodeToken(query.token());
    if (offset > 0) {
      sql.append(" OFFSET ").append(offset);
    }
    return new StateQuery(sql.toString(), params, offset, query.limit());
  }

  /** The statement with its parameters bound. */
  PreparedStatement bind(Connection connection, PreparedStatement statement) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      if (p instanceof String[] path) {
        statement.setArray(i + 1, connection.createArrayOf("text", path));
      } else {
        statement.setString(i + 1, (String) p);
      }
    }
    return statement;
  }

  /** The token of the page after one that ends {@code returned} rows after this page's start. */
  String nextToken(int returned) {
    String text = TOKEN_PREFIX + (offset + returned);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static long decodeToken(String token) throws InvalidQueryException {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(TOKEN_PREFIX) && text.substring(TOKEN_PREFIX.length()).matches("\\d{1,18}")) {
        return Long.parseLong(text.substring(TOKEN_PREFIX.length()));
      }
    } catch (IllegalArgumentException e) {
      // Not base64: the same answer as any other foreign token.
    }
    throw new InvalidQueryException("invalid page token: it was not issued by this store");
  }

  private static void filter(Filter filter, StringBuilder sql, List<Object> params) throws InvalidQueryException {
    switch (filter) {
      case Filter.Eq eq -> {
        sql.append("doc #> ?::text[] = ?::jsonb");
        params.add(path(eq.path()));
        params.add(json(eq.value()));
      }
      case Filter.In in -> {
        if (in.values().isEmpty()) {
          throw new InvalidQueryException("empty IN operator for key \"" + in.path() + "\"");
        }
        sql.append("doc #> ?::text[] IN (");
        params.add(path(in.path()));
        for (int i = 0; i < in.values().size(); i++) {
          sql.append(i == 0 ? "?::jsonb" : ", ?::jsonb");
          params.add(json(in.values().get(i)));
        }
        sql.append(')');
      }
      case Filter.And and -> group(and.filters(), " AND ", "TRUE", sql, params);
      case Filter.Or or -> group(or.filters(), " OR ", "FALSE", sql, params);
    }
  }

  private static void group(List<Filter> filters, String operator, String empty, StringBuilder sql,
      List<Object> params) throws InvalidQueryException {
    if (filters.isEmpty()) {
      sql.append(empty);
      return;
    }
    sql.append('(');
    for (int i = 0; i < filters.size(); i++) {
      if (i > 0) {
        sql.append(operator);
      }
      filter(filters.get(i), sql, params);
    }
    sql.append(')');
  }

  private static String[] path(String dotted) throws InvalidQueryException {
    if (dotted == null || dotted.isEmpty()) {
      throw new InvalidQueryException("a filter or sort key is empty");
    }
    return dotted.split("\\.", -1);
  }

  /** A filter value as JSON text. */
  static String json(Object value) throws InvalidQueryException {
    return switch (value) {
      case null -> "null";
      case String s -> new GoJson(s.length() + 2).string(s).toString();
      case Boolean b -> b.toString();
      case Double d when d.isNaN() || d.isInfinite() -> throw new InvalidQueryException("value " + d
          + " is not a JSON number");
      case Float f when f.isNaN() || f.isInfinite() -> throw new InvalidQueryException("value " + f
          + " is not a JSON number");
      case Number n -> new BigDecimal(n.toString()).toString();
      default -> throw new InvalidQueryException("filter values must be strings, numbers, booleans or null");
    };
  }
}
