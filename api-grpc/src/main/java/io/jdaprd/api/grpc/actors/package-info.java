/** The gRPC RPCs of actors: {@link io.jdaprd.api.grpc.actors.ActorsMethods}. */
package io.jdaprd.api.grpc.actors;
