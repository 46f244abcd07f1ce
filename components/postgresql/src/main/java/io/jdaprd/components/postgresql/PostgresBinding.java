package io.jdaprd.components.postgresql;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdaprd.golang.GoDurations;
import io.jdaprd.golang.GoJsonDecoding;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.bindings.OutputBinding;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code bindings.postgres} (alias {@code bindings.postgresql}): an output binding that runs SQL, as Dapr's. The
 * component metadata is the connection part of {@code state.postgresql}'s ({@link PostgresSettings}:
 * {@code connectionString} and the fields that override it, {@code timeout} (20s, at least 1s), {@code maxConns},
 * {@code connectionMaxIdleTime}, {@code queryExecMode}). Init fails unless the database answers.
 *
 * <p>Operations, in daprd's order:
 *
 * <ul>
 *   <li>{@code exec}: runs request metadata {@code sql} with the optional {@code params} (a JSON array, bound to
 *       {@code $1}, {@code $2}, ...); the answer has no data and the metadata {@code rows-affected}.</li>
 *   <li>{@code query}: runs {@code sql} and answers the rows as a JSON array of arrays, each value as Dapr's
 *       binding (pgx values through Go's {@code encoding/json}) writes it: see {@link PostgresRows}.</li>
 *   <li>{@code close}: closes the pool; later {@code exec} and {@code query} calls fail with
 *       {@code component is closed}; closing again succeeds.</li>
 * </ul>
 *
 * <p>The answer metadata of {@code exec} and {@code query} is {@code operation}, {@code sql}, {@code start-time},
 * {@code end-time} (RFC 3339 with nanoseconds, UTC) and {@code duration} (a Go duration). Parameters are sent
 * untyped, as text the server converts to the type it expects (a JSON string as its characters, a number as its
 * digits, {@code true}/{@code false}, an object or array as its JSON text, {@code null} as SQL NULL), so that
 * {@code where id = $1} works for an integer column with {@code [42]} and with {@code ["42"]}, as with pgx. The
 * statement takes PostgreSQL's {@code $1}, {@code $2} as Dapr's does ({@link Placeholders}); with parameters, their
 * number must be the highest {@code $n}, as pgx checks.
 */
public final class PostgresBinding implements OutputBinding {
  /** The component type, as daprd registers it first. */
  public static final String TYPE = "bindings.postgres";

  /** The other name daprd registers the component under. */
  public static final String ALIAS = "bindings.postgresql";

  private static final List<String> OPERATIONS = List.of("exec", "query", "close");

  private final AtomicBoolean closed = new AtomicBoolean();
  private PostgresSettings settings;
  private PostgresDatabase database;
  private String label;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    if (closed.get()) {
      throw new ComponentException("cannot initialize a previously-closed component");
    }
    label = "postgres binding " + metadata.name();
    settings = PostgresSettings.from(new ComponentMetadata(metadata.name(), metadata.type(), "v1",
        metadata.appId(), metadata.properties()), System.getenv());
    database = new PostgresDatabase("bindings.postgres " + metadata.name(), label, settings);
    try (Connection connection = database.connection()) {
      if (!connection.isValid((int) Math.max(1, settings.timeout().toSeconds()))) {
        throw new SQLException("the database did not answer");
      }
    } catch (SQLException e) {
      database.close();
      throw new ComponentException(settings.connection().redact(label + ": failed to ping the DB: "
          + database.reason(e)), e);
    }
  }

  @Override
  public List<String> operations() {
    return OPERATIONS;
  }

  /** Borrows a connection and asks whether it is alive. */
  @Override
  public void check() throws ComponentException {
    if (closed.get()) {
      throw new ComponentException("component is closed");
    }
    try (Connection connection = database.connection()) {
      if (!connection.isValid(2)) {
        throw new ComponentException(label + ": the database did not answer");
      }
    } catch (SQLException e) {
      throw new ComponentException(settings.connection().redact(label + ": " + database.reason(e)), e);
    }
  }

  @Override
  public BindingResponse invoke(BindingRequest request) throws BindingException {
    if (request.operation().equals("close")) {
      close();
      return BindingResponse.EMPTY;
    }
    if (closed.get()) {
      throw new BindingException("component is closed");
    }
    String sql = request.metadata().get("sql");
    if (sql == null || sql.isEmpty()) {
      throw new BindingException("required metadata not set: sql");
    }
    List<JsonNode> params = params(request.metadata().get("params"));
    Instant start = Instant.now();
    Map<String, String> metadata = new HashMap<>();
    metadata.put("operation", request.operation());
    metadata.put("sql", sql);
    metadata.put("start-time", PostgresRows.rfc3339Nano(start));
    byte[] data = new byte[0];
    switch (request.operation()) {
      case "exec" -> metadata.put("rows-affected", Long.toString(exec(sql, params)));
      case "query" -> data = query(sql, params);
      default -> throw new BindingException("invalid operation type: " + request.operation()
          + ". Expected exec, query, or close");
    }
    Instant end = Instant.now();
    metadata.put("end-time", PostgresRows.rfc3339Nano(end));
    metadata.put("duration", GoDurations.format(Duration.between(start, end)));
    return new BindingResponse(data, metadata, null);
  }

  /** Closes the pool; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && database != null) {
      database.close();
    }
  }

  private long exec(String sql, List<JsonNode> params) throws BindingException {
    try (Connection connection = database.connection();
        PreparedStatement statement = prepare(connection, sql, params)) {
      boolean rows = statement.execute();
      long affected = 0;
      while (true) {
        if (rows) {
          affected = 0;
          try (var resultSet = statement.getResultSet()) {
            while (resultSet.next()) {
              affected++;
            }
          }
        } else {
          long count = statement.getLargeUpdateCount();
          if (count < 0) {
            break;
          }
          affected = count;
        }
        rows = statement.getMoreResults();
      }
      return affected;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private byte[] query(String sql, List<JsonNode> params) throws BindingException {
    try (Connection connection = database.connection();
        PreparedStatement statement = prepare(connection, sql, params)) {
      if (!statement.execute()) {
        return "[]".getBytes(StandardCharsets.UTF_8);
      }
      try (var rows = statement.getResultSet()) {
        return PostgresRows.json(rows).getBytes(StandardCharsets.UTF_8);
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private PreparedStatement prepare(Connection connection, String sql, List<JsonNode> params) throws SQLException {
    Placeholders placeholders = Placeholders.rewrite(sql, params.size());
    if (!params.isEmpty() && placeholders.highest() != params.size()) {
      throw new SQLException("expected " + placeholders.highest() + " arguments, got " + params.size());
    }
    PreparedStatement statement = database.prepare(connection, placeholders.sql());
    List<Integer> order = placeholders.order();
    for (int i = 0; i < order.size(); i++) {
      JsonNode param = params.get(order.get(i));
      if (param.isNull()) {
        statement.setNull(i + 1, Types.NULL);
      } else {
        statement.setObject(i + 1, parameterText(param), Types.OTHER);
      }
    }
    return statement;
  }

  /** The text a parameter is sent as; the server converts it to the parameter's type. */
  static String parameterText(JsonNode param) {
    if (param.isTextual()) {
      return param.textValue();
    }
    if (param.isNumber()) {
      var exact = param.decimalValue().stripTrailingZeros();
      return exact.scale() <= 0 ? exact.toBigInteger().toString() : exact.toPlainString();
    }
    return param.toString();
  }

  /** The {@code params} metadata as Dapr reads it: absent or empty for none, else a JSON array. */
  static List<JsonNode> params(String text) throws BindingException {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    JsonNode node;
    try {
      node = GoJsonDecoding.parse(text.getBytes(StandardCharsets.UTF_8), IllegalArgumentException::new);
    } catch (IllegalArgumentException e) {
      throw new BindingException("invalid metadata property params: failed to unserialize into an array: "
          + e.getMessage());
    }
    if (node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      String kind = node.isObject() ? "object" : node.isTextual() ? "string" : node.isNumber() ? "number" : "bool";
      throw new BindingException("invalid metadata property params: failed to unserialize into an array: json: "
          + "cannot unmarshal " + kind + " into Go value of type []interface {}");
    }
    List<JsonNode> out = new ArrayList<>(node.size());
    node.forEach(out::add);
    return out;
  }

  private BindingException failure(SQLException e) {
    return new BindingException(settings.connection().redact("error executing query: " + database.reason(e)), e);
  }
}
