/**
 * Name resolution as daprd's direct messaging uses it: the Configuration's {@code spec.nameResolution}
 * ({@link io.jdaprd.core.invoke.resolution.NameResolutionSpec}) and one resolver wrapped with daprd's caching, retry
 * and choice of address ({@link io.jdaprd.core.invoke.resolution.NameResolution}).
 */
package io.jdaprd.core.invoke.resolution;
