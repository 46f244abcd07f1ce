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
final class GoJsonDecoding {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GoJsonDecoding() {
  }

  /** The body as a tree; a failure becomes {@code malformed}'s error with Go's wording. */
  static JsonNode parse(byte[] body, Function<String, DaprException> malformed) {
    if (!new String(body, StandardCharsets.UTF_8).isBlank()) {
      if (!isValidUtf8(body)) {
        throw malformed.apply("invalid UTF-8 in the JSON body (expected: UTF-8 text)");
      }
      try {
        JsonNode node = JSON.readTree(body);
        if (node != null) {
          return node;
        }
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
  static String typeMismatch(JsonNode value, String goField, String goType) {
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

  private static String goSyntaxMessage(JsonParseException e, byte[] body) {
    long offset = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
    if (offset < 0 || offset > body.length) {
      return "unexpected end of JSON input";
    }
    String text = new String(body, StandardCharsets.UTF_8);
    int at = (int) Math.min(Math.max(offset - 1, 0), text.length() - 1);
    while (at > 0 && Character.isWhitespace(text.charAt(at))) {
      at--;
    }
    if (at >= text.length() || e.getOriginalMessage().contains("end-of-input")) {
      return "unexpected end of JSON input";
    }
    return "invalid character '" + text.charAt(at) + "' looking for beginning of value";
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
