package io.jdaprd.api.http.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdaprd.core.state.StateRequests;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CommonErrors;
import io.jdaprd.errors.factories.StateErrors;
import io.jdaprd.golang.GoJson;
import io.jdaprd.golang.GoJsonDecoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Decodes the JSON bodies of the HTTP state API into the block's requests, as daprd decodes them: values are
 * stored as Go re-encodes the decoded JSON (a string keeps its quotes, object keys are sorted), query-string
 * metadata is merged into every item (the query string wins), unknown fields are ignored.
 */
final class StateBodies {
  private StateBodies() {
  }

  /** The items of {@code POST /v1.0/state/{store}}: a JSON array. */
  static List<StateRequests.Item> saveItems(byte[] body, Map<String, String> queryMetadata) {
    JsonNode root = GoJsonDecoding.parse(body, StateErrors::malformedBody);
    if (!root.isArray()) {
      throw StateErrors.malformedBody(GoJsonDecoding.typeMismatch(root, null, "[]state.SetRequest"));
    }
    List<StateRequests.Item> items = new ArrayList<>(root.size());
    for (JsonNode node : root) {
      if (!node.isObject()) {
        throw StateErrors.malformedBody(GoJsonDecoding.typeMismatch(node, null, "state.SetRequest"));
      }
      items.add(item(node, queryMetadata, "SetRequest", StateErrors::malformedBody));
    }
    return items;
  }

  /** The body of {@code POST /v1.0/state/{store}/bulk}. */
  static StateRequests.BulkGet bulkGet(byte[] body, Map<String, String> queryMetadata) {
    JsonNode root = GoJsonDecoding.parse(body, CommonErrors::malformedRequest);
    if (!root.isObject()) {
      throw CommonErrors.malformedRequest(GoJsonDecoding.typeMismatch(root, null, "http.BulkGetRequest"));
    }
    List<String> keys = new ArrayList<>();
    JsonNode keysNode = root.path("keys");
    if (!keysNode.isMissingNode() && !keysNode.isNull()) {
      if (!keysNode.isArray()) {
        throw CommonErrors.malformedRequest(GoJsonDecoding.typeMismatch(keysNode, "BulkGetRequest.keys", "[]string"));
      }
      for (JsonNode k : keysNode) {
        if (!k.isTextual()) {
          throw CommonErrors.malformedRequest(GoJsonDecoding.typeMismatch(k, "BulkGetRequest.keys", "string"));
        }
        keys.add(k.textValue());
      }
    }
    JsonNode parallelism = root.path("parallelism");
    if (!parallelism.isMissingNode() && !parallelism.isNull() && !parallelism.canConvertToInt()) {
      throw CommonErrors.malformedRequest(
          GoJsonDecoding.typeMismatch(parallelism, "BulkGetRequest.parallelism", "int"));
    }
    Map<String, String> metadata = stringMap(root.get("metadata"), "BulkGetRequest.metadata",
        CommonErrors::malformedRequest);
    metadata.putAll(queryMetadata);
    return new StateRequests.BulkGet(keys, parallelism.asInt(0), metadata);
  }

  /** The body of {@code POST /v1.0/state/{store}/transaction}. */
  static StateRequests.Transaction transaction(byte[] body, Map<String, String> queryMetadata) {
    JsonNode root = GoJsonDecoding.parse(body, CommonErrors::malformedRequest);
    if (!root.isObject()) {
      throw CommonErrors.malformedRequest(
          GoJsonDecoding.typeMismatch(root, null, "state.TransactionalStateRequest"));
    }
    List<StateRequests.Operation> ops = new ArrayList<>();
    JsonNode operations = root.path("operations");
    if (!operations.isMissingNode() && !operations.isNull() && !operations.isArray()) {
      throw CommonErrors.malformedRequest(GoJsonDecoding.typeMismatch(operations,
          "TransactionalStateRequest.operations", "[]state.TransactionalStateOperation"));
    }
    for (JsonNode op : operations) {
      String operation = op.path("operation").asText("");
      JsonNode request = op.path("request");
      if (!request.isObject()) {
        throw CommonErrors.malformedRequest(GoJsonDecoding.typeMismatch(request,
            "TransactionalStateOperation.request", "map[string]interface {}"));
      }
      ops.add(new StateRequests.Operation(operation,
          item(request, queryMetadata, "SetRequest", CommonErrors::malformedRequest)));
    }
    Map<String, String> metadata = stringMap(root.get("metadata"), "TransactionalStateRequest.metadata",
        CommonErrors::malformedRequest);
    metadata.putAll(queryMetadata);
    return new StateRequests.Transaction(ops, metadata);
  }

  private static StateRequests.Item item(JsonNode node, Map<String, String> queryMetadata, String goType,
      java.util.function.Function<String, DaprException> malformed) {
    String key = text(node.get("key"), goType + ".key", malformed);
    JsonNode valueNode = node.get("value");
    byte[] value = valueNode == null ? "null".getBytes(StandardCharsets.UTF_8)
        : new GoJson(64).value(valueNode).toString().getBytes(StandardCharsets.UTF_8);
    String etag = text(node.get("etag"), goType + ".etag", malformed);
    Map<String, String> metadata = stringMap(node.get("metadata"), goType + ".metadata", malformed);
    metadata.putAll(queryMetadata);
    JsonNode options = node.path("options");
    String concurrency = options.isObject() ? text(options.get("concurrency"), "SetStateOption.concurrency",
        malformed) : null;
    String consistency = options.isObject() ? text(options.get("consistency"), "SetStateOption.consistency",
        malformed) : null;
    return new StateRequests.Item(key == null ? "" : key, value, etag == null || etag.isEmpty() ? null : etag,
        metadata, emptyToNull(concurrency), emptyToNull(consistency));
  }

  private static String text(JsonNode node, String goField,
      java.util.function.Function<String, DaprException> malformed) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw malformed.apply(GoJsonDecoding.typeMismatch(node, goField, "string"));
    }
    return node.textValue();
  }

  private static Map<String, String> stringMap(JsonNode node, String goField,
      java.util.function.Function<String, DaprException> malformed) {
    Map<String, String> out = new HashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw malformed.apply(GoJsonDecoding.typeMismatch(node, goField, "map[string]string"));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw malformed.apply(GoJsonDecoding.typeMismatch(e.getValue(), goField, "string"));
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
