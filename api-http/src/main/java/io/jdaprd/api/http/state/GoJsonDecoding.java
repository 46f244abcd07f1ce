package io.jdaprd.api.http.state;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.errors.DaprException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Decodes JSON bodies and words decoding failures as Go's {@code encoding/json} does ({@code unexpected end of JSON
 * input}, {@code invalid character 'x' looking for beginning of value}, {@code json: cannot unmarshal ...}), since
 * daprd puts that text in its error message.
 */
public final class GoJsonDecoding {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private GoJsonDecoding() {
  }

  /** The body as a tree; a failure becomes {@code malformed}'s error with Go's wording. */
  public static JsonNode parse(byte[] body, Function<String, DaprException> malformed) {
    if (!new String(body, StandardCharsets.UTF_8).isBlank()) {
      if (!isValidUtf8(body)) {
        throw malformed.apply("invalid UTF-8 in the JSON body (expected: UTF-8 text)");
      }
      try {
        JsonNode node = JSON.readTree(body);
        if (node != null) {
          return node;
        }
      } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        throw malformed.apply(trailingMessage(body));
      } catch (JsonParseException e) {
        throw malformed.apply(goSyntaxMessage(e, body));
      } catch (StreamReadException e) {
        throw malformed.apply("unexpected end of JSON input");
      } catch (JsonProcessingException e) {
        throw malformed.apply(e.getOriginalMessage());
      } catch (java.io.IOException e) {
        throw malformed.apply(e.getMessage());
      }
    }
    throw malformed.apply("unexpected end of JSON input");
  }

  /** Go's text for a value of the wrong JSON type, for example {@code number} into a string field. */
  public static String typeMismatch(JsonNode value, String goField, String goType) {
    String kind = switch (value.getNodeType()) {
      case ARRAY -> "array";
      case OBJECT -> "object";
      case NUMBER -> "number";
      case BOOLEAN -> "bool";
      case STRING -> "string";
      default -> "null";
    };
    return "json: cannot unmarshal " + kind + " into Go " + (goField == null ? "value" : "struct field " + goField)
        + " of type " + goType;
  }

  /** Go's text for a syntax error: the offending character, or the end of input. */
  private static String goSyntaxMessage(JsonParseException e, byte[] body) {
    if (e.getOriginalMessage().contains("end-of-input")) {
      return "unexpected end of JSON input";
    }
    long offset = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
    if (offset < 0 && e.getLocation() != null) {
      offset = e.getLocation().getCharOffset();
    }
    String text = new String(body, StandardCharsets.UTF_8);
    int at = (int) Math.min(Math.max(offset, 0), Math.max(text.length() - 1, 0));
    int end = firstValueEnd(text);
    if (end >= 0 && at >= end) {
      return trailingMessage(body);
    }
    while (at > 0 && Character.isWhitespace(text.charAt(at))) {
      at--;
    }
    int start = at;
    while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
      start--;
    }
    String literal = literalMessage(text, start);
    if (literal != null) {
      return literal;
    }
    return "invalid character '" + text.charAt(start) + "' looking for beginning of value";
  }

  /** Go's text for a misspelt {@code true}, {@code false} or {@code null} starting at {@code start}, if any. */
  private static String literalMessage(String text, int start) {
    for (String literal : new String[] {"true", "false", "null"}) {
      if (text.charAt(start) != literal.charAt(0)) {
        continue;
      }
      for (int i = 1; i < literal.length(); i++) {
        if (start + i >= text.length()) {
          return "unexpected end of JSON input";
        }
        char c = text.charAt(start + i);
        if (c != literal.charAt(i)) {
          return "invalid character '" + c + "' in literal " + literal + " (expecting '" + literal.charAt(i) + "')";
        }
      }
    }
    return null;
  }

  /** Go's text for data after the first JSON value. */
  private static String trailingMessage(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    int end = firstValueEnd(text);
    for (int j = Math.max(end, 0); j < text.length(); j++) {
      if (!Character.isWhitespace(text.charAt(j))) {
        return "invalid character '" + text.charAt(j) + "' after top-level value";
      }
    }
    return "invalid character after top-level value";
  }

  /** The index just after the first top-level array or object of {@code text}, or -1 when it has none. */
  private static int firstValueEnd(String text) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        depth++;
      } else if ((c == ']' || c == '}') && --depth == 0) {
        return i + 1;
      }
    }
    return -1;
  }

  private static boolean isValidUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }
}
