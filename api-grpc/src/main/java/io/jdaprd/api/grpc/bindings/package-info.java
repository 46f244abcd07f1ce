/** The gRPC RPCs of output bindings: {@link io.jdaprd.api.grpc.bindings.BindingsMethods}. */
package io.jdaprd.api.grpc.bindings;
