package io.jdaprd.errors.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON the way Go's {@code encoding/json} does, so that jdaprd's bodies are byte-identical to daprd's:
 * HTML-sensitive characters escaped ({@code <>&} as {@code \u003c \u003e \u0026}), U+2028 and U+2029 escaped,
 * short escapes for {@code \b \f \n \r \t}, invalid UTF-16 replaced by U+FFFD, no whitespace, map keys sorted,
 * and numbers as Go prints a {@code float64}. Not thread-safe; one instance per document.
 */
public final class GoJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out;

  /** A writer with room for about {@code capacity} characters. */
  public GoJson(int capacity) {
    out = new StringBuilder(capacity);
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

  /** A string value, escaped as Go escapes it. */
  public GoJson string(String s) {
    out.append('"');
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x2028 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
        out.append(c);
        continue;
      }
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
            out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
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
    }
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

  /** Go's {@code encoding/json} text of a {@code float64}: shortest digits, exponent form outside [1e-6, 1e21). */
  public static String float64(double f) {
    if (Double.isNaN(f) || Double.isInfinite(f)) {
      throw new IllegalArgumentException("json: unsupported value: " + f);
    }
    if (f == 0) {
      return (1 / f) < 0 ? "-0" : "0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(f));
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
    // Go pads no exponent: encoding/json turns strconv's e-07 into e-7, and e+21 needs no padding.
    return b.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent)).toString();
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
