/**
 * The protocol-neutral runtime. Each building block lives in its own sub-package ({@code state}, {@code pubsub},
 * {@code invoke}, ...); {@link io.jdaprd.core.runtime.Runtime} assembles them. {@link io.jdaprd.core.Transport}
 * names the wire where daprd's two APIs answer differently.
 */
package io.jdaprd.core;
