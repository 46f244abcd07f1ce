package io.jdaprd.api.http.calls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.jdaprd.errors.factories.CommonErrors;

/**
 * Bodies of the routes daprd decodes into a request message with protojson (its "universal" handlers): an empty
 * body is the empty message, anything else must be a JSON object, else {@code ERR_MALFORMED_REQUEST}. Fields may be
 * named in lowerCamelCase or as in the proto file.
 */
public final class ProtoJsonBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProtoJsonBodies() {
  }

  /** The body as an object ({@link MissingNode} fields when empty). */
  public static JsonNode object(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw CommonErrors.malformedRequest("proto: syntax error: unexpected token " + (node == null ? ""
            : node.toString()));
      }
      return node;
    } catch (JsonProcessingException e) {
      throw CommonErrors.malformedRequest("proto: syntax error: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw CommonErrors.malformedRequest(e.getMessage());
    }
  }

  /** Field {@code jsonName} (or its proto name {@code protoName}) of {@code body}, missing when absent or null. */
  public static JsonNode field(JsonNode body, String jsonName, String protoName) {
    JsonNode value = body.path(jsonName);
    if (value.isMissingNode() || value.isNull()) {
      value = body.path(protoName);
    }
    return value.isNull() ? MissingNode.getInstance() : value;
  }
}
