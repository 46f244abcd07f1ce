package io.jdaprd.errors.http;

import java.util.Map;

/**
 * Writes JSON the way Go's {@code encoding/json} does, so that jdaprd's bodies are byte-identical to daprd's:
 * HTML-sensitive characters escaped ({@code <>&} as {@code \u003c \u003e \u0026}), U+2028 and U+2029 escaped,
 * short escapes for {@code \b \f \n \r \t}, invalid UTF-16 replaced by U+FFFD, no whitespace, and map keys sorted.
 */
final class GoJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out;

  GoJson(int capacity) {
    out = new StringBuilder(capacity);
  }

  GoJson raw(char c) {
    out.append(c);
    return this;
  }

  GoJson raw(String s) {
    out.append(s);
    return this;
  }

  /** Writes {@code "key":} after a comma unless {@code first}. */
  GoJson key(String key, boolean first) {
    if (!first) {
      out.append(',');
    }
    string(key);
    out.append(':');
    return this;
  }

  /** A string value, escaped as Go escapes it. */
  GoJson string(String s) {
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
  GoJson stringMap(Map<String, String> map) {
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
  static int compareUtf8(String a, String b) {
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

  @Override
  public String toString() {
    return out.toString();
  }
}
