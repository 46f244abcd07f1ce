package io.jdaprd.golang;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * The rules of Go's {@code encoding/json} decoder that daprd's behaviour depends on:
 * <ul>
 *   <li>{@link #parse}: {@code json.Unmarshal} of a whole body, failing with Go's texts ({@code unexpected end of
 *       JSON input}, {@code invalid character 'x' looking for beginning of value}, ...), which daprd puts in its
 *       error messages;</li>
 *   <li>{@link #firstValue}: {@code json.Decoder.Decode}, where the first value counts and what follows is
 *       ignored;</li>
 *   <li>{@link #field}: struct fields matched case-insensitively, the last matching key winning, a JSON
 *       {@code null} leaving the field unset;</li>
 *   <li>{@link #typeMismatch}: Go's text for a value of the wrong JSON type.</li>
 * </ul>
 */
public final class GoJsonDecoding {
  private static final ObjectMapper READER = new ObjectMapper();
  private static final ObjectMapper WHOLE = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private GoJsonDecoding() {
  }

  /**
   * The body as a tree, as {@code json.Unmarshal} reads it into an {@code interface{}}; a failure becomes
   * {@code malformed}'s exception, given Go's text. A number beyond {@code float64}'s range (say {@code 1e400}) is a
   * failure, as in Go ({@code json: cannot unmarshal number 1e400 into Go value of type float64}): Jackson would
   * read it as an infinity, which no Go JSON text can carry back out.
   */
  public static <E extends RuntimeException> JsonNode parse(byte[] body, Function<String, E> malformed) {
    if (!new String(body, StandardCharsets.UTF_8).isBlank()) {
      if (!isValidUtf8(body)) {
        throw malformed.apply("invalid UTF-8 in the JSON body (expected: UTF-8 text)");
      }
      try {
        JsonNode node = WHOLE.readTree(body);
        if (node != null) {
          if (hasInfinity(node)) {
            throw malformed.apply("json: cannot unmarshal number " + firstOutOfRange(body)
                + " into Go value of type float64");
          }
          return node;
        }
      } catch (MismatchedInputException e) {
        throw malformed.apply(trailingMessage(body));
      } catch (JsonParseException e) {
        throw malformed.apply(goSyntaxMessage(e, body));
      } catch (StreamReadException e) {
        throw malformed.apply("unexpected end of JSON input");
      } catch (JsonProcessingException e) {
        throw malformed.apply(e.getOriginalMessage());
      } catch (IOException e) {
        throw malformed.apply(e.getMessage());
      }
    }
    throw malformed.apply("unexpected end of JSON input");
  }

  private static boolean hasInfinity(JsonNode node) {
    if (node.isNumber()) {
      return Double.isInfinite(node.asDouble());
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (hasInfinity(child)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The literal of the first number of {@code body} (valid JSON) that {@code float64} cannot hold. */
  private static String firstOutOfRange(byte[] body) throws IOException {
    try (JsonParser parser = READER.createParser(body)) {
      for (var token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token.isNumeric() && Double.isInfinite(Double.parseDouble(parser.getText()))) {
          return parser.getText();
        }
      }
    }
    return "";
  }

  /**
   * The first JSON value of {@code body}, as a {@code json.Decoder} reads it (bytes after it are ignored);
   * {@code null} when the body holds no value.
   *
   * @throws IOException when the first value is not valid JSON
   */
  public static JsonNode firstValue(byte[] body) throws IOException {
    try (JsonParser parser = READER.createParser(body)) {
      return parser.nextToken() == null ? null : READER.readTree(parser);
    }
  }

  /** The field {@code name} of {@code object}, matched as Go matches struct fields; {@code null} when absent. */
  public static JsonNode field(JsonNode object, String name) {
    JsonNode found = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isNull()) {
        found = e.getValue();
      }
    }
    return found;
  }

  /** The string field {@code name}; empty when absent or null; {@code null} when it is not a string. */
  public static String stringField(JsonNode object, String name) {
    JsonNode value = field(object, name);
    if (value == null) {
      return "";
    }
    return value.isTextual() ? value.textValue() : null;
  }

  /**
   * Go's text for a value of the wrong JSON type, for example
   * {@code json: cannot unmarshal number into Go struct field Req.key of type string}.
   *
   * @param goField the Go field ({@code Type.field}), or {@code null} for a top-level value
   * @param goType the Go type the value was decoded into
   */
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
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
