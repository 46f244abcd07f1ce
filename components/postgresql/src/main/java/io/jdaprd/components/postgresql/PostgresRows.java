package io.jdaprd.components.postgresql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.golang.GoJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The answer of the PostgreSQL binding's {@code query}: the rows as a JSON array of arrays, each value written as
 * Dapr's binding writes it (pgx's {@code rows.Values()} through Go's {@code json.Marshal}):
 *
 * <ul>
 *   <li>integers and {@code oid} as their digits; {@code float4}/{@code float8} as Go prints a float; {@code numeric}
 *       as its decimal text ({@code NaN} as the string {@code "NaN"});</li>
 *   <li>{@code bool} as {@code true}/{@code false}; text types as strings; {@code bytea} in base64;</li>
 *   <li>{@code json}/{@code jsonb} as the value Go decodes and writes again (keys sorted, numbers through
 *       {@code float64});</li>
 *   <li>{@code timestamptz}, {@code timestamp} and {@code date} as RFC 3339 times with nanoseconds in UTC (Go's
 *       {@code time.Time}; a {@code date} at midnight);</li>
 *   <li>{@code uuid} as an array of its 16 bytes (pgx decodes it to a {@code [16]byte});</li>
 *   <li>arrays as JSON arrays of their elements; SQL NULL as {@code null}; other types as their text.</li>
 * </ul>
 */
final class PostgresRows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);

  private PostgresRows() {
  }

  /** Every remaining row of {@code rows} as one JSON array. */
  static String json(ResultSet rows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    int columns = meta.getColumnCount();
    List<List<Object>> out = new ArrayList<>();
    while (rows.next()) {
      List<Object> row = new ArrayList<>(columns);
      for (int i = 1; i <= columns; i++) {
        row.add(value(rows, i, meta.getColumnTypeName(i)));
      }
      out.add(row);
    }
    GoJson writer = new GoJson(256);
    write(writer, out);
    return writer.toString();
  }

  /** Writes {@code value} with Go's rules, {@link Raw} text as it is. */
  private static void write(GoJson writer, Object value) {
    if (value instanceof Raw raw) {
      writer.raw(raw.json());
    } else if (value instanceof List<?> items) {
      writer.raw('[');
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          writer.raw(',');
        }
        write(writer, items.get(i));
      }
      writer.raw(']');
    } else {
      writer.value(value);
    }
  }

  /** {@code instant} as Go's {@code time.RFC3339Nano} writes a UTC time: trailing zeros of the fraction dropped. */
  static String rfc3339Nano(Instant instant) {
    StringBuilder out = new StringBuilder(SECONDS.format(instant.atOffset(ZoneOffset.UTC)));
    int nanos = instant.getNano();
    if (nanos != 0) {
      String fraction = String.format(Locale.ROOT, "%09d", nanos);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(fraction, 0, end);
    }
    return out.append('Z').toString();
  }

  private static Object value(ResultSet rows, int column, String type) throws SQLException {
    Object raw = rows.getObject(column);
    if (raw == null) {
      return null;
    }
    return switch (type) {
      case "int2", "int4", "int8", "oid", "serial", "bigserial" -> rows.getLong(column);
      case "float8" -> rows.getDouble(column);
      case "float4" -> Double.parseDouble(Float.toString(rows.getFloat(column)));
      case "numeric" -> numeric(rows.getString(column));
      case "bool" -> rows.getBoolean(column);
      case "bytea" -> rows.getBytes(column);
      case "json", "jsonb" -> json(rows.getString(column));
      case "timestamptz" -> new Raw(quoted(rfc3339Nano(rows.getObject(column, OffsetDateTime.class).toInstant())));
      case "timestamp" -> new Raw(quoted(rfc3339Nano(rows.getObject(column, LocalDateTime.class)
          .toInstant(ZoneOffset.UTC))));
      case "date" -> new Raw(quoted(rfc3339Nano(rows.getObject(column, LocalDate.class).atStartOfDay()
          .toInstant(ZoneOffset.UTC))));
      case "uuid" -> uuidBytes((UUID) raw);
      default -> type.startsWith("_") ? array(rows.getArray(column)) : rows.getString(column);
    };
  }

  private static Object numeric(String text) {
    if (text.equals("NaN") || text.endsWith("Infinity")) {
      return text;
    }
    return new Raw(new BigDecimal(text).toPlainString());
  }

  private static Object json(String text) throws SQLException {
    try {
      JsonNode node = JSON.readTree(text);
      return node;
    } catch (IOException e) {
      throw new SQLException("the database returned JSON that does not parse: " + e.getMessage(), e);
    }
  }

  private static List<Integer> uuidBytes(UUID uuid) {
    List<Integer> bytes = new ArrayList<>(16);
    for (long half : new long[] {uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()}) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        bytes.add((int) ((half >>> shift) & 0xff));
      }
    }
    return bytes;
  }

  private static Object array(Array array) throws SQLException {
    Object[] items = (Object[]) array.getArray();
    List<Object> out = new ArrayList<>(items.length);
    for (Object item : items) {
      out.add(switch (item) {
        case null -> null;
        case Timestamp t -> new Raw(quoted(rfc3339Nano(t.toInstant())));
        case UUID u -> uuidBytes(u);
        case BigDecimal d -> new Raw(d.toPlainString());
        case Float f -> Double.parseDouble(Float.toString(f));
        default -> item;
      });
    }
    return out;
  }

  private static String quoted(String text) {
    return '"' + text + '"';
  }

  /** JSON text written as it is. */
  private record Raw(String json) {
  }
}
