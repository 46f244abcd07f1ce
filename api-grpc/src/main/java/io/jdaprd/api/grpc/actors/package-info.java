/**
 * The gRPC RPCs of actors: {@link io.jdaprd.api.grpc.actors.ActorsMethods}, with the app-initiated actor callback
 * stream in {@link io.jdaprd.api.grpc.actors.ActorCallbackStream}.
 */
package io.jdaprd.api.grpc.actors;
