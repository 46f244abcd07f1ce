package io.jdaprd.components.postgresql;

/**
 * A strict check that text is one JSON value (RFC 8259) that PostgreSQL's {@code jsonb} accepts, so that a cast of it
 * cannot fail: no escaped NUL ({@code \u0000}) and no lone surrogate escape, which {@code jsonb} refuses; nesting at
 * most {@value #MAX_DEPTH} deep, numbers of at most {@value #MAX_NUMBER_LENGTH} characters and exponents of at most
 * {@value #MAX_EXPONENT}, far inside what {@code jsonb} takes.
 * Answering {@code false} is always safe: the value is then stored as bytes.
 */
final class JsonCheck {
  static final int MAX_DEPTH = 500;
  static final int MAX_EXPONENT = 1000;
  static final int MAX_NUMBER_LENGTH = 1000;

  private final String text;
  private int at;

  private JsonCheck(String text) {
    this.text = text;
  }

  /** Whether {@code text} is exactly one JSON value, with optional whitespace around it. */
  static boolean isJson(String text) {
    JsonCheck check = new JsonCheck(text);
    try {
      check.space();
      check.value(0);
      check.space();
      return check.at == text.length();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void value(int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("too deep");
    }
    switch (peek()) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> word("true");
      case 'f' -> word("false");
      case 'n' -> word("null");
      default -> number();
    }
  }

  private void object(int depth) {
    at++;
    space();
    if (peek() == '}') {
      at++;
      return;
    }
    while (true) {
      space();
      string();
      space();
      expect(':');
      space();
      value(depth + 1);
      space();
      if (peek() == ',') {
        at++;
      } else {
        expect('}');
        return;
      }
    }
  }

  private void array(int depth) {
    at++;
    space();
    if (peek() == ']') {
      at++;
      return;
    }
    while (true) {
      space();
      value(depth + 1);
      space();
      if (peek() == ',') {
        at++;
      } else {
        expect(']');
        return;
      }
    }
  }

  private void string() {
    expect('"');
    while (true) {
      char c = next();
      if (c == '"') {
        return;
      }
      if (c < 0x20) {
        throw new IllegalArgumentException("control character");
      }
      if (c == '\\') {
        char e = next();
        if (e == 'u') {
          int unit = hex4();
          if (unit == 0 || Character.isLowSurrogate((char) unit)) {
            throw new IllegalArgumentException("escape jsonb refuses");
          }
          if (Character.isHighSurrogate((char) unit)) {
            if (next() != '\\' || next() != 'u' || !Character.isLowSurrogate((char) hex4())) {
              throw new IllegalArgumentException("lone surrogate");
            }
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          throw new IllegalArgumentException("bad escape");
        }
      }
    }
  }

  private int hex4() {
    int unit = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(next(), 16);
      if (digit < 0) {
        throw new IllegalArgumentException("bad hex");
      }
      unit = unit * 16 + digit;
    }
    return unit;
  }

  private void number() {
    int start = at;
    numberText();
    if (at - start > MAX_NUMBER_LENGTH) {
      throw new IllegalArgumentException("number too long");
    }
  }

  private void numberText() {
    if (peek() == '-') {
      at++;
    }
    if (peek() == '0') {
      at++;
    } else {
      digits();
    }
    if (at < text.length() && text.charAt(at) == '.') {
      at++;
      digits();
    }
    if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
      at++;
      if (peek() == '+' || peek() == '-') {
        at++;
      }
      int start = at;
      digits();
      String exponent = text.substring(start, at).replaceFirst("^0+(?=.)", "");
      if (exponent.length() > 4 || Integer.parseInt(exponent) > MAX_EXPONENT) {
        throw new IllegalArgumentException("exponent too large");
      }
    }
  }

  private void digits() {
    int start = at;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    if (at == start) {
      throw new IllegalArgumentException("digit expected");
    }
  }

  private void word(String word) {
    if (!text.startsWith(word, at)) {
      throw new IllegalArgumentException("bad literal");
    }
    at += word.length();
  }

  private void space() {
    while (at < text.length() && " \t\n\r".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private void expect(char c) {
    if (next() != c) {
      throw new IllegalArgumentException("expected " + c);
    }
  }

  private char peek() {
    if (at >= text.length()) {
      throw new IllegalArgumentException("end of text");
    }
    return text.charAt(at);
  }

  private char next() {
    char c = peek();
    at++;
    return c;
  }
}
