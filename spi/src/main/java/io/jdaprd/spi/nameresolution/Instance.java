package io.jdaprd.spi.nameresolution;

/**
 * The sidecar a resolver registers, as daprd's {@code nameresolution.Instance}.
 *
 * @param appId the app id
 * @param namespace the namespace ({@code NAMESPACE}, else {@code default})
 * @param address the host address other sidecars reach it on: {@code DAPR_HOST_IP}, else the preferred outbound
 *     address, else a loopback {@code --dapr-internal-grpc-listen-address}
 * @param daprHttpPort the HTTP API port
 * @param daprInternalPort the internal gRPC port, the one that is advertised
 * @param appPort the app's port, 0 when there is no app
 */
public record Instance(String appId, String namespace, String address, int daprHttpPort, int daprInternalPort,
    int appPort) {

  /** {@code address:daprInternalPort}, the address the resolvers advertise (IPv6 in brackets). */
  public String advertisedAddress() {
    String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    return host + ":" + daprInternalPort;
  }
}
