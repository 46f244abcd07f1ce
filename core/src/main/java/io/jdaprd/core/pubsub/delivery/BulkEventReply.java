package io.jdaprd.core.pubsub.delivery;

import java.util.Map;

/**
 * The outcome of a batch: a status per entry id. Entries the app left out, or answered with an empty status, are
 * {@link EventStatus#RETRY}; HTTP 404 drops them all, other failures retry them all.
 *
 * @param statuses the status of every entry of the batch, by entry id
 * @param reason why, for the log, when the batch as a whole failed; empty otherwise
 */
public record BulkEventReply(Map<String, EventStatus> statuses, String reason) {
  public BulkEventReply {
    statuses = Map.copyOf(statuses);
  }
}
