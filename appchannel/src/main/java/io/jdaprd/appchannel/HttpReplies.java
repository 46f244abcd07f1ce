package io.jdaprd.appchannel;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdaprd.core.pubsub.delivery.BulkEventReply;
import io.jdaprd.core.pubsub.delivery.EventReply;
import io.jdaprd.core.pubsub.delivery.EventStatus;
import io.jdaprd.golang.GoJsonDecoding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an HTTP app's answer to a delivery means (spec §3.5), as daprd reads it. Status strings are matched exactly:
 * daprd compares them case-sensitively, so {@code "success"} is an unknown status, which means a retry.
 */
final class HttpReplies {
  private static final int MAX_BODY_IN_REASON = 200;

  private HttpReplies() {
  }

  /**
   * One event: a 2xx whose body is empty, not JSON, not an object, or whose {@code status} is not a string is a
   * success; otherwise {@code SUCCESS} or {@code ""} succeed, {@code DROP} drops to the dead-letter topic, and
   * {@code RETRY} or any other string retries. 404 drops to the dead-letter topic; any other status retries.
   */
  static EventReply event(int status, byte[] body) {
    if (status >= 200 && status <= 299) {
      JsonNode root = readFirstValue(body);
      if (root == null || !root.isObject()) {
        return EventReply.SUCCESS;
      }
      String answer = GoJsonDecoding.stringField(root, "status");
      if (answer == null) {
        return EventReply.SUCCESS;
      }
      return switch (answer) {
        case "", "SUCCESS" -> EventReply.SUCCESS;
        case "RETRY" -> EventReply.retry("the app answered status RETRY");
        case "DROP" -> EventReply.drop("the app answered status DROP", true);
        default -> EventReply.retry("the app answered an unknown status: " + answer
            + " (expected: SUCCESS, RETRY or DROP)");
      };
    }
    if (status == 404) {
      return EventReply.drop("the app answered 404 Not Found: " + excerpt(body), true);
    }
    return EventReply.retry("the app answered " + status + ": " + excerpt(body));
  }

  /**
   * A batch: a 2xx must carry {@code {"statuses":[{"entryId","status"}]}} (a body that does not read so retries
   * every entry); entries missing from it or with an empty or unknown status retry. 404 drops every entry; any other
   * status retries every entry.
   */
  static BulkEventReply bulk(int status, byte[] body, List<String> entryIds) {
    if (status >= 200 && status <= 299) {
      JsonNode root = readFirstValue(body);
      Map<String, EventStatus> answered = root == null ? null : bulkStatuses(root, entryIds);
      if (answered == null) {
        return all(entryIds, EventStatus.RETRY,
            "the app's bulk answer does not read as {\"statuses\":[{\"entryId\",\"status\"}]}: " + excerpt(body));
      }
      Map<String, EventStatus> result = new HashMap<>();
      for (String id : entryIds) {
        result.put(id, answered.getOrDefault(id, EventStatus.RETRY));
      }
      return new BulkEventReply(result, "");
    }
    if (status == 404) {
      return all(entryIds, EventStatus.DROP, "the app answered 404 Not Found: " + excerpt(body));
    }
    return all(entryIds, EventStatus.RETRY, "the app answered " + status + ": " + excerpt(body));
  }

  /** The statuses the app gave, by entry id of this batch; {@code null} when the answer does not read. */
  private static Map<String, EventStatus> bulkStatuses(JsonNode root, List<String> entryIds) {
    Map<String, EventStatus> answered = new HashMap<>();
    if (root.isNull()) {
      return answered;
    }
    JsonNode statuses = root.isObject() ? GoJsonDecoding.field(root, "statuses") : null;
    if (!root.isObject() || statuses != null && !statuses.isArray()) {
      return null;
    }
    if (statuses == null) {
      return answered;
    }
    for (JsonNode item : statuses) {
      if (item.isNull()) {
        continue;
      }
      String entryId = item.isObject() ? GoJsonDecoding.stringField(item, "entryId") : null;
      String answer = item.isObject() ? GoJsonDecoding.stringField(item, "status") : null;
      if (entryId == null || answer == null) {
        return null;
      }
      if (entryIds.contains(entryId)) {
        answered.put(entryId, switch (answer) {
          case "SUCCESS" -> EventStatus.SUCCESS;
          case "DROP" -> EventStatus.DROP;
          default -> EventStatus.RETRY;
        });
      }
    }
    return answered;
  }

  static BulkEventReply all(List<String> entryIds, EventStatus status, String reason) {
    Map<String, EventStatus> statuses = new HashMap<>();
    entryIds.forEach(id -> statuses.put(id, status));
    return new BulkEventReply(statuses, reason);
  }

  /** The first JSON value of the body, or {@code null} when it is empty or not JSON. */
  private static JsonNode readFirstValue(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return GoJsonDecoding.firstValue(body);
    } catch (IOException notJson) {
      return null;
    }
  }

  static String excerpt(byte[] body) {
    if (body.length == 0) {
      return "(empty body)";
    }
    String text = new String(body, 0, Math.min(body.length, MAX_BODY_IN_REASON), StandardCharsets.UTF_8);
    return body.length > MAX_BODY_IN_REASON ? text + "..." : text;
  }
}
