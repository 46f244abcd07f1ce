package io.jdaprd.golang;

/**
 * Go's {@code strconv}: {@link #quote} ({@code strconv.Quote}) and base-10 integer parsing ({@code strconv.Atoi},
 * {@code strconv.ParseInt}) that fails with Go's error text, for example
 * {@code strconv.Atoi: parsing "x": invalid syntax}.
 */
public final class Strconv {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Strconv() {
  }

  /**
   * Go's {@code strconv.Quote}: double quotes around the text; {@code "} and {@code \} escaped with a backslash;
   * {@code \a \b \f \n \r \t \v} as such; other control characters and DEL as {@code \xNN}; every other code point
   * that Go's {@code strconv.IsPrint} refuses as <code>&#92;uNNNN</code> or {@code \UNNNNNNNN}; printable text as is. A lone
   * UTF-16 surrogate, which no Go string can hold, is written {@code \ufffd}.
   */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case 0x07 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 0x0b -> out.append("\\v");
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            out.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xf]);
          } else if (cp <= 0xffff && Character.isSurrogate((char) cp)) {
            out.append("\\ufffd");
          } else if (isPrint(cp)) {
            out.appendCodePoint(cp);
          } else if (cp > 0xffff) {
            out.append("\\U").append(hex(cp, 8));
          } else {
            out.append("\\u").append(hex(cp, 4));
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space; not other
   * spaces, separators, control, format, private-use, surrogate or unassigned code points.
   */
  public static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.CONTROL,
          Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> false;
      default -> true;
    };
  }

  /**
   * Go's {@code strconv.Atoi}: a base-10 integer with an optional sign.
   *
   * @throws NumberFormatException with Go's text, {@code strconv.Atoi: parsing "x": invalid syntax} or
   *     {@code ...: value out of range}
   */
  public static long atoi(String text) throws NumberFormatException {
    return parse("Atoi", text);
  }

  /**
   * Go's {@code strconv.ParseInt(text, 10, 64)}.
   *
   * @throws NumberFormatException with Go's text, {@code strconv.ParseInt: parsing "x": invalid syntax} or
   *     {@code ...: value out of range}
   */
  public static long parseInt(String text) throws NumberFormatException {
    return parse("ParseInt", text);
  }

  private static long parse(String function, String text) {
    int start = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
    boolean digits = start < text.length();
    for (int i = start; i < text.length() && digits; i++) {
      digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }
    if (!digits) {
      throw new NumberFormatException("strconv." + function + ": parsing " + quote(text) + ": invalid syntax");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new NumberFormatException("strconv." + function + ": parsing " + quote(text) + ": value out of range");
    }
  }

  private static String hex(int value, int width) {
    char[] out = new char[width];
    for (int i = width - 1; i >= 0; i--, value >>>= 4) {
      out[i] = HEX[value & 0xf];
    }
    return new String(out);
  }
}
