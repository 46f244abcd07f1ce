package io.jdaprd.core.tracing;

import io.jdaprd.golang.Strconv;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A W3C {@code baggage} header as daprd 1.18 reads it, with the OpenTelemetry Go parser it uses (otel 1.44): members
 * {@code key=value;property;key=value} separated by commas, keys RFC 7230 tokens, values baggage octets,
 * percent-decoded. Any invalid member makes the whole header invalid for daprd (it refuses the call); the error text
 * is the parser's, the errors of up to five members joined by newlines. Limits: 8192 bytes, 64 members; a key given
 * twice keeps its last value.
 */
public final class Baggage {
  /** The header (and gRPC metadata key). */
  public static final String HEADER = "baggage";

  private static final int MAX_MEMBERS = 64;
  private static final int MAX_BYTES = 8192;
  private static final int MAX_PARSE_ERRORS = 5;
  private static final String KEY_CHARS = "!#$%&'*+-.^_`|~";
  private static final String VALUE_EXTRA = "!#$%&'()*+-./:<=>?@[]^_`{|}~";

  private final Map<String, Member> members;

  private Baggage(Map<String, Member> members) {
    this.members = members;
  }

  /** A property of a member: a key, with a value or without ({@code null}). */
  public record Property(String key, String value) {
  }

  /** A member: its key, its decoded value and its properties. */
  public record Member(String key, String value, List<Property> properties) {
    /** The member as the header writes it (the value percent-encoded where it must be). */
    String encoded() {
      StringBuilder s = new StringBuilder(key).append('=').append(escape(value));
      if (!properties.isEmpty()) {
        List<String> props = new ArrayList<>();
        for (Property p : properties) {
          if (validKey(p.key())) {
            props.add(p.value() == null ? p.key() : p.key() + "=" + escape(p.value()));
          }
        }
        s.append(';').append(String.join(";", props));
      }
      return s.toString();
    }
  }

  /** Thrown when a header does not parse; the message is the Go parser's error text. */
  public static final class InvalidBaggageException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidBaggageException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Parses a header (several {@code baggage} headers are read joined by commas, as daprd joins them).
   *
   * @throws InvalidBaggageException when it is too large or any member is invalid
   */
  public static Baggage parse(String header) throws InvalidBaggageException {
    Map<String, Member> out = new LinkedHashMap<>();
    if (header == null || header.isEmpty()) {
      return new Baggage(out);
    }
    int size = header.getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_BYTES) {
      throw new InvalidBaggageException("baggage-string too large: " + size);
    }
    List<String> errors = new ArrayList<>();
    int parseErrors = 0;
    Map<String, Integer> sizes = new LinkedHashMap<>();
    int total = 0;
    for (String text : header.split(",", -1)) {
      if (out.size() >= MAX_MEMBERS) {
        errors.add("too many list-members in baggage-string");
        break;
      }
      Member m;
      try {
        m = member(text);
      } catch (InvalidBaggageException e) {
        parseErrors++;
        if (parseErrors <= MAX_PARSE_ERRORS) {
          errors.add(e.getMessage());
        }
        continue;
      }
      int bytes = m.encoded().getBytes(StandardCharsets.UTF_8).length;
      boolean existing = out.containsKey(m.key());
      if (!existing && !out.isEmpty()) {
        bytes++;
      }
      Integer old = sizes.get(m.key());
      int next = old == null ? total + bytes : total - old + bytes;
      if (next > MAX_BYTES) {
        errors.add("baggage-string too large");
        break;
      }
      out.put(m.key(), m);
      sizes.put(m.key(), bytes);
      total = next;
    }
    if (parseErrors > MAX_PARSE_ERRORS) {
      errors.add("and " + (parseErrors - MAX_PARSE_ERRORS) + " more invalid member(s)");
    }
    if (!errors.isEmpty()) {
      throw new InvalidBaggageException(String.join("\n", errors));
    }
    return new Baggage(out);
  }

  /** The members, by key. */
  public Map<String, Member> members() {
    return Map.copyOf(members);
  }

  /**
   * The baggage re-encoded as otel's {@code Baggage.String()}, what daprd's gRPC servers answer with. Go writes the
   * members in its map's (unspecified) order; this writes them in the order they were first given.
   */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (Member m : members.values()) {
      if (validKey(m.key())) {
        parts.add(m.encoded());
      }
    }
    return String.join(",", parts);
  }

  private static Member member(String text) throws InvalidBaggageException {
    List<Property> props = new ArrayList<>();
    String keyValue = text;
    int semi = text.indexOf(';');
    if (semi >= 0) {
      keyValue = text.substring(0, semi);
      for (String p : text.substring(semi + 1).split(";", -1)) {
        if (p.isEmpty()) {
          props.add(new Property("", null));
          continue;
        }
        Property parsed = property(p);
        if (parsed == null) {
          throw new InvalidBaggageException("invalid baggage list-member property: " + Strconv.quote(p));
        }
        props.add(parsed);
      }
    }
    int eq = keyValue.indexOf('=');
    if (eq < 0) {
      throw new InvalidBaggageException("invalid baggage list-member: " + Strconv.quote(text));
    }
    String key = goTrimSpace(keyValue.substring(0, eq));
    if (!validKey(key)) {
      throw new InvalidBaggageException("invalid key: " + Strconv.quote(key));
    }
    String v = keyValue.substring(eq + 1);
    String raw = goTrimSpace(v);
    if (!validValue(raw)) {
      throw new InvalidBaggageException("invalid value: " + Strconv.quote(v));
    }
    return new Member(key, pathUnescape(raw, true), List.copyOf(props));
  }

  /** otel's property parser: {@code key}, or {@code key=value}, with spaces and tabs around; null when invalid. */
  private static Property property(String s) {
    int i = skipSpace(s, 0);
    int keyStart = i;
    while (i < s.length() && keyChar(s.charAt(i))) {
      i++;
    }
    if (i == keyStart) {
      return null;
    }
    String key = s.substring(keyStart, i);
    i = skipSpace(s, i);
    if (i == s.length()) {
      return new Property(key, null);
    }
    if (s.charAt(i) != '=') {
      return null;
    }
    i = skipSpace(s, i + 1);
    int valueStart = i;
    while (i < s.length() && valueChar(s.charAt(i))) {
      i++;
    }
    String raw = s.substring(valueStart, i);
    if (skipSpace(s, i) != s.length()) {
      return null;
    }
    try {
      return new Property(key, pathUnescape(raw, false));
    } catch (InvalidBaggageException e) {
      return null;
    }
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** Go's {@code url.PathUnescape}, invalid UTF-8 replaced by U+FFFD. */
  private static String pathUnescape(String s, boolean member) throws InvalidBaggageException {
    if (s.indexOf('%') < 0) {
      return s;
    }
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      if (in[i] != '%') {
        out.write(in[i]);
        continue;
      }
      if (i + 2 >= in.length || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) {
        String bad = new String(in, i, Math.min(3, in.length - i), StandardCharsets.UTF_8);
        throw new InvalidBaggageException((member ? "invalid value: " : "") + "invalid URL escape "
            + Strconv.quote(bad));
      }
      out.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    return Character.digit(b, 16);
  }

  private static String escape(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder s = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c != '%' && c < 0x80 && valueChar((char) c)) {
        s.append((char) c);
      } else {
        s.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return s.toString();
  }

  private static boolean validKey(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!keyChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean validValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!valueChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean keyChar(char c) {
    return c < 0x80 && (Character.isLetterOrDigit(c) || KEY_CHARS.indexOf(c) >= 0);
  }

  private static boolean valueChar(char c) {
    return c < 0x80 && (Character.isLetterOrDigit(c) || VALUE_EXTRA.indexOf(c) >= 0);
  }

  /** Go's {@code strings.TrimSpace}: Unicode white space at both ends. */
  private static String goTrimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && goSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && goSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean goSpace(char c) {
    return switch (c) {
      case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0 -> true;
      default -> c > 0xff && Character.getType(c) == Character.SPACE_SEPARATOR || c == 0x2028 || c == 0x2029;
    };
  }
}
