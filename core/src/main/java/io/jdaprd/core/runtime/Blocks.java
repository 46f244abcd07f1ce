package io.jdaprd.core.runtime;

import io.jdaprd.core.health.HealthBlock;
import io.jdaprd.core.metadata.MetadataBlock;
import io.jdaprd.core.pubsub.PubSubBlock;
import io.jdaprd.core.pubsub.delivery.Subscriptions;
import io.jdaprd.core.state.StateBlock;

/**
 * The building blocks an API adapter serves; the adapters parse, call one of these once, and render.
 *
 * @param appId this sidecar's app id
 * @param state the state API
 * @param pubsub the publish API
 * @param subscriptions the running subscriptions (streaming subscriptions are opened here)
 * @param health the health API
 * @param metadata the metadata API
 * @param lifecycle shutdown through the API
 */
public record Blocks(String appId, StateBlock state, PubSubBlock pubsub, Subscriptions subscriptions,
    HealthBlock health, MetadataBlock metadata, Lifecycle lifecycle) {
}
