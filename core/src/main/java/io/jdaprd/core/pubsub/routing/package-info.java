/**
 * Pub/sub routing: what the app subscribes to ({@link io.jdaprd.core.pubsub.routing.TopicSubscription}, read from
 * {@code Subscription} resources by {@link io.jdaprd.core.pubsub.routing.SubscriptionResources}) and where each event
 * goes ({@link io.jdaprd.core.pubsub.routing.RouteMatcher}, CEL rules on Google's CEL for Java).
 */
package io.jdaprd.core.pubsub.routing;
