/**
 * daprd 1.18's app-initiated actor callback stream ({@code SubscribeActorEventsAlpha1}), protocol-neutral: an app
 * (gRPC, or none configured) opens a stream, registers its actor types, and answers the sidecar's invoke, reminder,
 * timer and deactivate callbacks over it. {@link io.jdaprd.core.actors.callbackstream.CallbackConnections} correlates
 * callbacks and answers, {@link io.jdaprd.core.actors.callbackstream.StreamActorApp} is the
 * {@link io.jdaprd.core.actors.ActorApp} over it, and {@link io.jdaprd.core.actors.callbackstream.ActorCallbackStreams}
 * registers and unregisters the stream's types with the {@link io.jdaprd.core.actors.ActorsBlock}.
 */
package io.jdaprd.core.actors.callbackstream;
