package io.jdaprd.spi.nameresolution;

/**
 * What a caller looks up, as daprd's {@code nameresolution.ResolveRequest}.
 *
 * @param id the target app id
 * @param namespace the target namespace (the caller's own when the id names none)
 * @param port the caller's own internal gRPC port (resolvers that only know host names, such as {@code kubernetes},
 *     use it as the target's)
 */
public record ResolveRequest(String id, String namespace, int port) {
}
