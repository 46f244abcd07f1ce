package io.jdaprd.spi.pubsub;

/**
 * A bulk entry the broker did not accept.
 *
 * @param entryId the entry's id
 * @param error why, safe to show a client
 */
public record BulkPublishFailure(String entryId, String error) {
}
