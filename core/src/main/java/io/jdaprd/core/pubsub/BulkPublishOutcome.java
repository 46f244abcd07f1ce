package io.jdaprd.core.pubsub;

import io.jdaprd.errors.DaprException;
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
}
