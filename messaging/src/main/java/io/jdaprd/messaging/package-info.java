/**
 * Sidecar to sidecar: daprd's internal {@code dapr.proto.internals.v1.ServiceInvocation} API. {@link
 * io.jdaprd.messaging.InternalServer} serves it on {@code --dapr-internal-grpc-port} for calls from other sidecars
 * (jdaprd or daprd); {@link io.jdaprd.messaging.InternalClient} calls it, streaming first and unary when the
 * callee does not stream. Bodies stream both ways with gRPC flow control, so a large body never sits in memory.
 */
package io.jdaprd.messaging;
