package io.jdaprd.placement.hashing;

/**
 * A host on an actor type's ring, as the placement tables name it.
 *
 * @param address the host's address ({@code host:port} of its internal gRPC API): its identity on the ring
 * @param appId the app id of the sidecar
 * @param port the port the host reported (daprd's sidecars report 0: the address carries it)
 */
public record ActorHost(String address, String appId, long port) {
}
