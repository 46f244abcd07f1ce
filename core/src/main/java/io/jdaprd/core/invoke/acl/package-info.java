/**
 * Service-invocation access control, as daprd's {@code pkg/acl}: the Configuration's {@code spec.accessControl}
 * ({@link io.jdaprd.core.invoke.acl.AccessControl}), the calling sidecar's SPIFFE identity
 * ({@link io.jdaprd.core.invoke.acl.CallerIdentity}), and the normalisation of the invoked method that daprd applies
 * before the check ({@link io.jdaprd.core.invoke.acl.InvokeMethods}). Protocol-neutral: the adapters read the peer's
 * certificate and the request, and answer a denial with {@code InvokeErrors.accessDenied}.
 */
package io.jdaprd.core.invoke.acl;
