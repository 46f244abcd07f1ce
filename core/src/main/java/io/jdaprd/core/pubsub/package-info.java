/**
 * Pub/sub, the publishing side: {@link io.jdaprd.core.pubsub.PubSubBlock} (publish, bulk publish, dead letters) with
 * its commands ({@link io.jdaprd.core.pubsub.PublishCommand}, {@link io.jdaprd.core.pubsub.BulkPublishCommand}), the
 * CloudEvents envelope ({@link io.jdaprd.core.pubsub.CloudEvents}), topic scopes
 * ({@link io.jdaprd.core.pubsub.TopicScopes}) and the loaded components ({@link io.jdaprd.core.pubsub.PubSubs}).
 * Delivering events to the app lives in {@code delivery}; which subscriptions exist and where their events go, in
 * {@code routing}.
 */
package io.jdaprd.core.pubsub;
