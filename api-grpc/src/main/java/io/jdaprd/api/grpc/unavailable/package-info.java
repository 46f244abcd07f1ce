/**
 * The RPCs of building blocks this runtime has no component for yet: each answers the error daprd gives when that
 * block has nothing configured, never the transport's {@code UNIMPLEMENTED}. One table,
 * {@link io.jdaprd.api.grpc.unavailable.UnavailableMethods}, names the answer of every such RPC.
 */
package io.jdaprd.api.grpc.unavailable;
