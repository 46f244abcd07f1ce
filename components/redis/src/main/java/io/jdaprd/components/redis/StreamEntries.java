package io.jdaprd.components.redis;

import io.jdaprd.golang.GoJson;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The layout of a message in a Redis stream, as daprd writes and reads it: one entry per message with the fields
 * {@code data} (the published bytes, unchanged) and {@code metadata} (the publish metadata as a JSON object of
 * strings, written as Go's {@code encoding/json} writes a {@code map[string]string}: keys in byte order, with
 * {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped). daprd writes no content type.
 */
final class StreamEntries {
  /** The field of the published bytes. */
  static final String DATA = "data";
  /** The field of the publish metadata (JSON). */
  static final String METADATA = "metadata";

  private StreamEntries() {
  }

  /** The fields of the entry that holds {@code data} and {@code metadata}: {@code data}, then {@code metadata}. */
  static Map<String, byte[]> fields(byte[] data, Map<String, String> metadata) {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    fields.put(DATA, data == null ? new byte[0] : data);
    fields.put(METADATA, toJson(metadata).getBytes(StandardCharsets.UTF_8));
    return fields;
  }

  /** A string map as Go's {@code json.Marshal} writes it; a {@code null} value is written as {@code ""}. */
  static String toJson(Map<String, String> map) {
    Map<String, String> values = new HashMap<>(map);
    values.replaceAll((k, v) -> v == null ? "" : v);
    return new GoJson(16 + 32 * values.size()).stringMap(values).toString();
  }

  /**
   * The string map in {@code json}, a JSON object whose values are strings; {@code null} (or JSON {@code null})
   * reads as an empty map.
   *
   * @throws IllegalArgumentException when {@code json} is not such an object; the message says where
   */
  static Map<String, String> fromJson(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    if (json == null || json.isBlank() || json.strip().equals("null")) {
      return out;
    }
    JsonReader reader = new JsonReader(json);
    reader.expect('{');
    if (!reader.consumeIf('}')) {
      do {
        String key = reader.string();
        reader.expect(':');
        if (reader.consumeIf('n')) {
          reader.literal("ull");
          continue;
        }
        out.put(key, reader.string());
      } while (reader.consumeIf(','));
      reader.expect('}');
    }
    reader.end();
    return out;
  }

  /** A cursor over JSON text that reads just what a flat object of strings needs. */
  private static final class JsonReader {
    private final String text;
    private int at;

    JsonReader(String text) {
      this.text = text;
    }

    void expect(char c) {
      if (!consumeIf(c)) {
        throw error("'" + c + "'");
      }
    }

    boolean consumeIf(char c) {
      skipSpace();
      if (at < text.length() && text.charAt(at) == c) {
        at++;
        return true;
      }
      return false;
    }

    void literal(String rest) {
      if (!text.startsWith(rest, at)) {
        throw error("null");
      }
      at += rest.length();
    }

    void end() {
      skipSpace();
      if (at != text.length()) {
        throw error("the end of the object");
      }
    }

    String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (at >= text.length()) {
          break;
        }
        char e = text.charAt(at++);
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (at + 4 > text.length()) {
              throw error("four hex digits");
            }
            try {
              out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("four hex digits");
            }
            at += 4;
          }
          default -> throw error("an escape sequence");
        }
      }
      throw error("the closing '\"' of a string");
    }

    private void skipSpace() {
      while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
    }

    private IllegalArgumentException error(String expected) {
      return new IllegalArgumentException("metadata: not a JSON object of strings at offset " + at + " (expected: "
          + expected + ")");
    }
  }
}
