package io.jdaprd.core.pubsub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.spi.pubsub.BulkPublishFailure;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a bulk publish that passed validation.
 *
 * @param failed the entries the broker did not accept; empty when all were accepted
 * @param error when some failed: ERR_PUBSUB_PUBLISH_MESSAGE with the first failure's cause (HTTP answers it with
 *     daprd's {@code failedEntries} body; gRPC answers the error itself); {@code null} when all were accepted
 */
public record BulkPublishOutcome(List<BulkPublishFailure> failed, DaprException error) {
  public BulkPublishOutcome {
    failed = List.copyOf(failed);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * daprd's HTTP answer body for a partial failure: {@code {"failedEntries":[{"entryId":..,"error":..}],
   * "errorCode":"ERR_PUBSUB_PUBLISH_MESSAGE"}} (an entry without an error has no {@code error} key).
   */
  public String failedEntriesJson() {
    Map<String, Object> body = new LinkedHashMap<>();
    List<Map<String, String>> entries = new ArrayList<>();
    for (BulkPublishFailure f : failed) {
      Map<String, String> entry = new LinkedHashMap<>();
      entry.put("entryId", f.entryId());
      if (f.error() != null) {
        entry.put("error", f.error());
      }
      entries.add(entry);
    }
    body.put("failedEntries", entries);
    body.put("errorCode", ErrorCode.PUBSUB_PUBLISH_MESSAGE.code());
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code metadata.error} text daprd sends with a partial failure. */
  public String errorText() {
    return "api error: code = Internal desc = " + error.getMessage();
  }
}
