package io.jdaprd.components.postgresql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads PostgreSQL connection strings in the two forms daprd (pgx) accepts, into libpq keywords ({@code host},
 * {@code port}, {@code dbname}, {@code user}, {@code password}, {@code sslmode}, ...):
 *
 * <ul>
 *   <li>key=value pairs separated by spaces, as libpq writes them: {@code host=db port=5432 user=dapr
 *       password='a b\'c' database=state} ({@code database} is pgx's alias of {@code dbname});
 *   <li>a URL: {@code postgres://user:pass@host:5432,other:5433/db?sslmode=disable}, percent-encoded, with
 *       {@code postgresql://} too and IPv6 hosts in brackets.
 * </ul>
 *
 * <p>Messages of {@link InvalidConnectionStringException} never quote the string or any value from it, since the
 * string usually holds a password.
 */
final class ConnectionStrings {

  private ConnectionStrings() {
  }

  /** The connection string cannot be read; the message says why without quoting it. */
  static final class InvalidConnectionStringException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidConnectionStringException(String message) {
      super(message);
    }
  }

  /** Whether {@code text} is in URL form. */
  static boolean isUrl(String text) {
    String lower = text.trim().toLowerCase(Locale.ROOT);
    return lower.startsWith("postgres://") || lower.startsWith("postgresql://");
  }

  /** The libpq keywords of {@code text}, in either form; later duplicates win, as in libpq. */
  static Map<String, String> parse(String text) throws InvalidConnectionStringException {
    String trimmed = text.trim();
    return isUrl(trimmed) ? parseUrl(trimmed) : parseKeyValues(trimmed);
  }

  private static Map<String, String> parseKeyValues(String text) throws InvalidConnectionStringException {
    Map<String, String> out = new LinkedHashMap<>();
    int at = 0;
    int n = text.length();
    while (true) {
      at = skipSpaces(text, at);
      if (at >= n) {
        return out;
      }
      int keyStart = at;
      while (at < n && text.charAt(at) != '=' && !Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      String key = text.substring(keyStart, at);
      at = skipSpaces(text, at);
      if (at >= n || text.charAt(at) != '=') {
        throw new InvalidConnectionStringException("missing \"=\" after \"" + safeKey(key) + "\"");
      }
      if (key.isEmpty()) {
        throw new InvalidConnectionStringException("a value without a key");
      }
      at = skipSpaces(text, at + 1);
      StringBuilder value = new StringBuilder();
      if (at < n && text.charAt(at) == '\'') {
        at++;
        boolean closed = false;
        while (at < n) {
          char c = text.charAt(at++);
          if (c == '\\' && at < n) {
            value.append(text.charAt(at++));
          } else if (c == '\'') {
            closed = true;
            break;
          } else {
            value.append(c);
          }
        }
        if (!closed) {
          throw new InvalidConnectionStringException("unterminated quoted value of \"" + safeKey(key) + "\"");
        }
      } else {
        while (at < n && !Character.isWhitespace(text.charAt(at))) {
          char c = text.charAt(at++);
          value.append(c == '\\' && at < n ? text.charAt(at++) : c);
        }
      }
      String name = key.toLowerCase(Locale.ROOT);
      out.put(name.equals("database") ? "dbname" : name, value.toString());
    }
  }

  private static Map<String, String> parseUrl(String text) throws InvalidConnectionStringException {
    Map<String, String> out = new LinkedHashMap<>();
    String rest = text.substring(text.indexOf("://") + 3);
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    String query = "";
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    int atSign = authority.lastIndexOf('@');
    if (atSign >= 0) {
      String userInfo = authority.substring(0, atSign);
      authority = authority.substring(atSign + 1);
      int colon = userInfo.indexOf(':');
      String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), false, "user");
      if (!user.isEmpty()) {
        out.put("user", user);
      }
      if (colon >= 0) {
        out.put("password", decode(userInfo.substring(colon + 1), false, "password"));
      }
    }
    parseHosts(authority, out);
    if (!path.isEmpty()) {
      out.put("dbname", decode(path, false, "database name"));
    }
    if (!query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq), true, "parameter name").toLowerCase(Locale.ROOT);
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true, "parameter value");
        out.put(key.equals("database") ? "dbname" : key, value);
      }
    }
    return out;
  }

  /** {@code host[:port]} items separated by commas; IPv6 addresses in brackets. */
  private static void parseHosts(String authority, Map<String, String> out) throws InvalidConnectionStringException {
    if (authority.isEmpty()) {
      return;
    }
    List<String> hosts = new ArrayList<>();
    List<String> ports = new ArrayList<>();
    for (String item : authority.split(",", -1)) {
      String host;
      String port = "";
      if (item.startsWith("[")) {
        int close = item.indexOf(']');
        if (close < 0) {
          throw new InvalidConnectionStringException("unterminated IPv6 address in the URL");
        }
        host = item.substring(1, close);
        String after = item.substring(close + 1);
        if (!after.isEmpty()) {
          if (!after.startsWith(":")) {
            throw new InvalidConnectionStringException("unexpected text after an IPv6 address in the URL");
          }
          port = after.substring(1);
        }
      } else {
        int colon = item.lastIndexOf(':');
        host = colon < 0 ? item : item.substring(0, colon);
        port = colon < 0 ? "" : item.substring(colon + 1);
      }
      if (!port.isEmpty() && !port.matches("\\d{1,5}")) {
        throw new InvalidConnectionStringException("a port in the URL is not a number");
      }
      hosts.add(decode(host, false, "host"));
      ports.add(port);
    }
    out.put("host", String.join(",", hosts));
    if (ports.stream().anyMatch(p -> !p.isEmpty())) {
      out.put("port", String.join(",", ports));
    }
  }

  /** Percent-decodes {@code text} as UTF-8; {@code plusIsSpace} in query strings, as Go's url.ParseQuery. */
  static String decode(String text, boolean plusIsSpace, String what) throws InvalidConnectionStringException {
    if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (lo < 0) {
          throw new InvalidConnectionStringException("invalid percent-encoding in the " + what + " of the URL");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
          utf8 = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.writeBytes(utf8);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int skipSpaces(String text, int at) {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
    return at;
  }

  /** A key as it may appear in a message: keywords only, so that a stray value is never echoed. */
  private static String safeKey(String key) {
    return key.matches("[A-Za-z_]{1,40}") ? key : "…";
  }
}
