package io.jdaprd.api.grpc.pubsub;

import com.google.protobuf.Empty;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequest;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequestEntry;
import io.dapr.v1.DaprPubsubProtos.BulkPublishResponse;
import io.dapr.v1.DaprPubsubProtos.BulkPublishResponseFailedEntry;
import io.dapr.v1.DaprPubsubProtos.PublishEventRequest;
import io.jdaprd.core.pubsub.BulkPublishCommand;
import io.jdaprd.core.pubsub.BulkPublishOutcome;
import io.jdaprd.core.pubsub.PubSubBlock;
import io.jdaprd.core.pubsub.PublishCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code PublishEvent} and {@code BulkPublishEvent} (and its Alpha1 twin), as daprd answers them: validation and
 * broker failures are errors; a bulk publish where some entries failed is ERR_PUBSUB_PUBLISH_MESSAGE with the first
 * failure's cause (daprd answers the error, not the list).
 */
public final class PubSubHandlers {
  private final PubSubBlock pubsub;

  public PubSubHandlers(PubSubBlock pubsub) {
    this.pubsub = pubsub;
  }

  /** {@code PublishEvent}. */
  public Empty publish(PublishEventRequest request, String traceparent, String tracestate) {
    pubsub.publish(new PublishCommand(request.getPubsubName(), request.getTopic(), request.getData().toByteArray(),
        request.getDataContentType(), request.getMetadataMap(), PublishCommand.Transport.GRPC, traceparent,
        tracestate));
    return Empty.getDefaultInstance();
  }

  /** {@code BulkPublishEvent} / {@code BulkPublishEventAlpha1}. */
  public BulkPublishResponse bulkPublish(BulkPublishRequest request, String traceparent, String tracestate) {
    List<BulkPublishCommand.Entry> entries = new ArrayList<>(request.getEntriesCount());
    for (BulkPublishRequestEntry e : request.getEntriesList()) {
      entries.add(new BulkPublishCommand.Entry(e.getEntryId(), e.getEvent().toByteArray(), e.getContentType(),
          e.getMetadataCount() == 0 ? null : e.getMetadataMap()));
    }
    BulkPublishOutcome outcome = pubsub.bulkPublish(new BulkPublishCommand(request.getPubsubName(),
        request.getTopic(), entries, request.getMetadataMap(), PublishCommand.Transport.GRPC, traceparent,
        tracestate));
    if (outcome.error() != null) {
      throw outcome.error();
    }
    BulkPublishResponse.Builder response = BulkPublishResponse.newBuilder();
    outcome.failed().forEach(f -> response.addFailedEntries(BulkPublishResponseFailedEntry.newBuilder()
        .setEntryId(f.entryId()).setError(f.error() == null ? "" : f.error())));
    return response.build();
  }
}
