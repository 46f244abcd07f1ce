/**
 * Name resolvers that need no client library: {@code mdns} ({@link io.jdaprd.components.nameresolution.MdnsNameResolver},
 * DNS-SD over multicast DNS as daprd's zeroconf speaks it) and {@code kubernetes}
 * ({@link io.jdaprd.components.nameresolution.KubernetesNameResolver}, the sidecar's Service name).
 */
package io.jdaprd.components.nameresolution;
