package io.jdaprd.core.pubsub;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.golang.GoJson;
import io.jdaprd.spi.pubsub.BulkPublishFailure;
import java.util.List;

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


  /**
   * daprd's HTTP answer body for a partial failure: {@code failedEntries} (each with {@code entryId}, and
   * {@code error} when there is one) and then {@code errorCode}, the code of {@code PUBSUB_PUBLISH_MESSAGE}.
   */
  public String failedEntriesJson() {
    GoJson body = new GoJson(64 + 96 * failed.size()).raw('{').key("failedEntries", true).raw('[');
    boolean first = true;
    for (BulkPublishFailure f : failed) {
      body.raw(first ? "{" : ",{").key("entryId", true).string(f.entryId());
      if (f.error() != null) {
        body.key("error", false).string(f.error());
      }
      body.raw('}');
      first = false;
    }
    return body.raw(']').key("errorCode", false).string(ErrorCode.PUBSUB_PUBLISH_MESSAGE.code()).raw('}')
        .toString();
  }

  /** The {@code metadata.error} text daprd sends with a partial failure. */
  public String errorText() {
    return "api error: code = Internal desc = " + error.getMessage();
  }
}
