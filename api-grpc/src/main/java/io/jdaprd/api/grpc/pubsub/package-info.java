/** The pub/sub RPCs: publish, bulk publish (stable and alpha) and streaming subscriptions. */
package io.jdaprd.api.grpc.pubsub;
