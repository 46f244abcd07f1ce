package io.jdaprd.golang;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON the way Go's {@code encoding/json} does, so that jdaprd's bodies are byte-identical to daprd's:
 * HTML-sensitive characters escaped ({@code <>&} as {@code \u003c \u003e \u0026}), U+2028 and U+2029 escaped,
 * short escapes for {@code \b \f \n \r \t} (Go 1.22 and later), other control characters as <code>&#92;u00XX</code>, invalid
 * UTF-16 replaced by U+FFFD as Go replaces invalid UTF-8, no whitespace, map keys sorted by their UTF-8 bytes, and
 * floating-point numbers as Go prints a {@code float64}. Not thread-safe; one instance per document.
 */
public final class GoJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out;

  /** A writer with room for about {@code capacity} characters. */
  public GoJson(int capacity) {
    out = new StringBuilder(capacity);
  }

  /** {@code value} as Go's {@code json.Marshal} writes it; see {@link #value(Object)}. */
  public static String marshal(Object value) {
    return new GoJson(64).value(value).toString();
  }

  /** Appends a character as is. */
  public GoJson raw(char c) {
    out.append(c);
    return this;
  }

  /** Appends text as is (it must already be JSON). */
  public GoJson raw(String s) {
    out.append(s);
    return this;
  }

  /** Writes {@code "key":} after a comma unless {@code first}. */
  public GoJson key(String key, boolean first) {
    if (!first) {
      out.append(',');
    }
    string(key);
    out.append(':');
    return this;
  }

  /** A string value, escaped as Go escapes it. Runs of characters that need no escape are copied at once. */
  public GoJson string(String s) {
    out.append('"');
    int len = s.length();
    int run = 0;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x2028 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
        continue;
      }
      out.append(s, run, i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
            unicodeEscape(c);
          } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else {
              out.append("\\ufffd");
            }
          } else {
            out.append(c);
          }
        }
      }
      run = i + 1;
    }
    out.append(s, run, len);
    out.append('"');
    return this;
  }

  /** A string-to-string map, {@code null} as {@code null}, keys in Go's (byte) order. */
  public GoJson stringMap(Map<String, String> map) {
    if (map == null) {
      out.append("null");
      return this;
    }
    out.append('{');
    boolean first = true;
    for (String k : map.keySet().stream().sorted(GoJson::compareUtf8).toList()) {
      key(k, first).string(map.get(k));
      first = false;
    }
    out.append('}');
    return this;
  }

  /**
   * A Java value as Go writes the value it stands for: {@code null} as {@code null}; a {@link JsonNode} as
   * {@link #value(JsonNode)}; a {@link CharSequence} as a string; a {@link Boolean}; an integral {@link Number}
   * ({@code Integer}, {@code Long}, {@code Short}, {@code Byte}, {@code BigInteger}) as its digits; any other
   * number as a {@code float64} ({@link #float64}); a {@code byte[]} in base64 as Go writes a {@code []byte}; a
   * {@link Map} as an object with its keys (their {@code toString()}) sorted as Go sorts them; a {@link Collection}
   * or an {@code Object[]} as an array; anything else as the string of its {@code toString()}.
   *
   * @throws IllegalArgumentException for a NaN or infinite number, which Go refuses to write
   */
  public GoJson value(Object value) {
    switch (value) {
      case null -> out.append("null");
      case JsonNode node -> value(node);
      case CharSequence s -> string(s.toString());
      case Boolean b -> out.append(b.booleanValue());
      case Integer n -> out.append(n.intValue());
      case Long n -> out.append(n.longValue());
      case Short n -> out.append(n.shortValue());
      case Byte n -> out.append(n.byteValue());
      case BigInteger n -> out.append(n);
      case Number n -> out.append(float64(n.doubleValue()));
      case byte[] bytes -> out.append('"').append(Base64.getEncoder().encodeToString(bytes)).append('"');
      case Map<?, ?> map -> object(map);
      case Collection<?> items -> array(items);
      case Object[] items -> array(List.of(items));
      default -> string(value.toString());
    }
    return this;
  }

  private void object(Map<?, ?> map) {
    List<Map.Entry<String, Object>> entries = new ArrayList<>(map.size());
    map.forEach((k, v) -> entries.add(Map.entry(String.valueOf(k), v == null ? NullValue.NULL : v)));
    entries.sort((a, b) -> compareUtf8(a.getKey(), b.getKey()));
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : entries) {
      key(e.getKey(), first).value(e.getValue() == NullValue.NULL ? null : e.getValue());
      first = false;
    }
    out.append('}');
  }

  private void array(Collection<?> items) {
    out.append('[');
    boolean first = true;
    for (Object item : items) {
      if (!first) {
        out.append(',');
      }
      value(item);
      first = false;
    }
    out.append(']');
  }

  /**
   * A JSON value as Go re-encodes what it decoded into {@code any}: objects with sorted keys, numbers through
   * {@code float64} (so {@code 1.0} is {@code 1} and {@code 1e21} is {@code 1e+21}), strings escaped as above.
   */
  public GoJson value(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        out.append('{');
        boolean first = true;
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(GoJson::compareUtf8);
        for (String name : names) {
          key(name, first).value(node.get(name));
          first = false;
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          value(node.get(i));
        }
        out.append(']');
      }
      case STRING -> string(node.textValue());
      case NUMBER -> out.append(float64(node.asDouble()));
      case BOOLEAN -> out.append(node.booleanValue());
      default -> out.append("null");
    }
    return this;
  }

  /**
   * Valid JSON text embedded as Go embeds a {@code json.RawMessage}: compacted (whitespace outside strings
   * dropped) and HTML-escaped ({@code <>&} and U+2028/U+2029 written as <code>&#92;uXXXX</code>); escapes already in the
   * text are kept as they are.
   *
   * @param json JSON text the caller has checked is valid
   */
  public GoJson rawMessage(String json) {
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(c);
        case '\\' -> {
          out.append(c);
          if (i + 1 < json.length()) {
            out.append(json.charAt(++i));
          }
        }
        case '"' -> {
          inString = !inString;
          out.append(c);
        }
        case ' ', '\t', '\n', '\r' -> {
          if (inString) {
            out.append(c);
          }
        }
        default -> out.append(c);
      }
    }
    return this;
  }

  /** Orders strings as Go orders map keys: by their UTF-8 bytes. */
  public static int compareUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        boolean xs = Character.isSurrogate(x);
        boolean ys = Character.isSurrogate(y);
        if (xs != ys) {
          return xs ? 1 : -1; // a supplementary code point sorts after every BMP one in UTF-8
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /**
   * Go's {@code encoding/json} text of a {@code float64}: the shortest digits that read back to the same value,
   * plain between 1e-6 and 1e21, otherwise in exponent form with an unpadded exponent ({@code 1e-7},
   * {@code 1e+21}); {@code -0} for negative zero.
   *
   * @throws IllegalArgumentException for NaN and infinities, with Go's text {@code json: unsupported value: ...}
   */
  public static String float64(double f) {
    if (Double.isNaN(f) || Double.isInfinite(f)) {
      throw new IllegalArgumentException("json: unsupported value: " + goFloatName(f));
    }
    if (f == 0) {
      return (1 / f) < 0 ? "-0" : "0";
    }
    BigDecimal shortest = shortest(f);
    double abs = Math.abs(f);
    if (abs >= 1e-6 && abs < 1e21) {
      return shortest.stripTrailingZeros().toPlainString();
    }
    BigDecimal unscaled = shortest.stripTrailingZeros();
    int exponent = unscaled.precision() - unscaled.scale() - 1;
    String digits = unscaled.unscaledValue().abs().toString();
    StringBuilder b = new StringBuilder();
    if (f < 0) {
      b.append('-');
    }
    b.append(digits.charAt(0));
    if (digits.length() > 1) {
      b.append('.').append(digits, 1, digits.length());
    }
    return b.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent)).toString();
  }

  /**
   * The shortest decimal that reads back as {@code f}, as Go's {@code strconv} finds it. Java's
   * {@link Double#toString} prints at least two digits and, where one digit would do, picks the closest two-digit
   * decimal ({@code 4.9E-324}), so a one-digit rounding that still reads back as {@code f} wins ({@code 5e-324}).
   */
  private static BigDecimal shortest(double f) {
    BigDecimal digits = new BigDecimal(Double.toString(f)).stripTrailingZeros();
    if (digits.precision() == 2) {
      BigDecimal one = digits.round(new MathContext(1, RoundingMode.HALF_EVEN));
      if (one.doubleValue() == f) {
        return one;
      }
    }
    return digits;
  }

  private static String goFloatName(double f) {
    return Double.isNaN(f) ? "NaN" : f > 0 ? "+Inf" : "-Inf";
  }

  private void unicodeEscape(char c) {
    out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
        .append(HEX[c & 0xf]);
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** Stands for a {@code null} map value while entries are sorted ({@link Map#entry} refuses {@code null}). */
  private enum NullValue { NULL }
}
