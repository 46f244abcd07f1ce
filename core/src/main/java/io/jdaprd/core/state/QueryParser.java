package io.jdaprd.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.spi.state.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses Dapr's state query language: {@code {"filter": {"EQ"|"IN"|"AND"|"OR": ...}, "sort": [{"key", "order"}],
 * "page": {"limit", "token"}}}.
 */
final class QueryParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private QueryParser() {
  }

  /** The query is not valid; the message says why, in the words daprd's parser would use. */
  static final class InvalidQueryException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidQueryException(String message) {
      super(message);
    }
  }

  static Query parse(String json, String keyPrefix, Map<String, String> metadata) throws InvalidQueryException {
    JsonNode root;
    try {
      root = JSON.readTree(json == null ? "" : json);
    } catch (JsonProcessingException e) {
      throw new InvalidQueryException(e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidQueryException("query must be a JSON object");
    }
    Query.Filter filter = root.has("filter") && !root.get("filter").isEmpty() ? filter(root.get("filter")) : null;
    List<Query.Sort> sort = new ArrayList<>();
    for (JsonNode s : root.path("sort")) {
      String key = s.path("key").asText("");
      if (key.isEmpty()) {
        throw new InvalidQueryException("sort key is empty");
      }
      String order = s.path("order").asText("ASC");
      if (!order.equals("ASC") && !order.equals("DESC")) {
        throw new InvalidQueryException("invalid sorting order '" + order + "'");
      }
      sort.add(new Query.Sort(key, order.equals("DESC")));
    }
    JsonNode page = root.path("page");
    int limit = page.path("limit").asInt(0);
    String token = page.path("token").isTextual() ? page.path("token").asText() : null;
    return new Query(keyPrefix, filter, sort, limit, token, metadata);
  }

  private static Query.Filter filter(JsonNode node) throws InvalidQueryException {
    if (!node.isObject() || node.size() != 1) {
      throw new InvalidQueryException("filter must have exactly one operation");
    }
    String op = node.fieldNames().next();
    JsonNode arg = node.get(op);
    switch (op) {
      case "EQ" -> {
        if (!arg.isObject() || arg.size() != 1) {
          throw new InvalidQueryException("EQ filter must have exactly one key");
        }
        String path = arg.fieldNames().next();
        return new Query.Filter.Eq(path, scalar(arg.get(path)));
      }
      case "IN" -> {
        if (!arg.isObject() || arg.size() != 1) {
          throw new InvalidQueryException("IN filter must have exactly one key");
        }
        String path = arg.fieldNames().next();
        JsonNode values = arg.get(path);
        if (!values.isArray() || values.isEmpty()) {
          throw new InvalidQueryException("IN filter value must be a non-empty array");
        }
        List<Object> list = new ArrayList<>();
        for (JsonNode v : values) {
          list.add(scalar(v));
        }
        return new Query.Filter.In(path, list);
      }
      case "AND", "OR" -> {
        if (!arg.isArray() || arg.size() < 2) {
          throw new InvalidQueryException(op + " filter must be an array of at least two filters");
        }
        List<Query.Filter> filters = new ArrayList<>();
        for (JsonNode f : arg) {
          filters.add(filter(f));
        }
        return op.equals("AND") ? new Query.Filter.And(filters) : new Query.Filter.Or(filters);
      }
      default -> throw new InvalidQueryException("unsupported filter operation '" + op + "'");
    }
  }

  private static Object scalar(JsonNode v) throws InvalidQueryException {
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isNumber()) {
      return v.numberValue();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isNull()) {
      return null;
    }
    throw new InvalidQueryException("filter values must be strings, numbers or booleans");
  }
}
