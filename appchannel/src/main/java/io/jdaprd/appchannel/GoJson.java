package io.jdaprd.appchannel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON read the way daprd's Go decoder reads the app's answers: the first value of the body counts (trailing bytes
 * are ignored), object keys match struct fields case-insensitively (the last matching key wins), and a JSON
 * {@code null} leaves a field unset. JSON written here has its object keys sorted, as Go writes maps.
 */
final class GoJson {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private GoJson() {
  }

  /** The field {@code name} of {@code object}, matched as Go matches struct fields; {@code null} when absent. */
  static JsonNode field(JsonNode object, String name) {
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
  static String stringField(JsonNode object, String name) {
    JsonNode value = field(object, name);
    if (value == null) {
      return "";
    }
    return value.isTextual() ? value.textValue() : null;
  }
}
