/**
 * Pub/sub delivery: the running subscriptions ({@link io.jdaprd.core.pubsub.delivery.Subscriptions}), one event at a
 * time with retries and dead letters ({@link io.jdaprd.core.pubsub.delivery.EventDelivery}) or in batches
 * ({@link io.jdaprd.core.pubsub.delivery.BulkEventDelivery}), to an
 * {@link io.jdaprd.core.pubsub.delivery.EventTarget} (the app channel or a streaming subscriber), with the records
 * that cross it ({@link io.jdaprd.core.pubsub.delivery.TopicEventDelivery},
 * {@link io.jdaprd.core.pubsub.delivery.EventReply} and their bulk forms).
 */
package io.jdaprd.core.pubsub.delivery;
