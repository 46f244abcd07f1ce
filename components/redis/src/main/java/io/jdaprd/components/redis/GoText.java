package io.jdaprd.components.redis;

import java.util.regex.Pattern;

/**
 * Go's integer parsing ({@code strconv.Atoi}, {@code strconv.ParseInt} in base 10) with Go's error texts, so that
 * errors read as daprd's: {@code strconv.Atoi: parsing "x": invalid syntax}.
 */
final class GoText {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");

  private GoText() {
  }

  /** A base-10 64-bit integer as Go's {@code function} parses it. */
  static long parseInt(String function, String text) throws NumberFormatException {
    if (!DECIMAL.matcher(text).matches()) {
      throw new NumberFormatException(function + ": parsing " + quote(text) + ": invalid syntax");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new NumberFormatException(function + ": parsing " + quote(text) + ": value out of range");
    }
  }

  /** Go's {@code strconv.Quote}: double quotes, with escapes for quotes, backslashes and control characters. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    text.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case 7 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 11 -> out.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", c));
          } else if (Character.isISOControl(c) || !Character.isDefined(c)
              || (c <= 0xffff && Character.isSurrogate((char) c))) {
            out.append(c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.append('"').toString();
  }
}
