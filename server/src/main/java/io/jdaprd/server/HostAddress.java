package io.jdaprd.server;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The address this sidecar advertises to other sidecars, as daprd picks it: {@code DAPR_HOST_IP}, else a loopback
 * {@code --dapr-internal-grpc-listen-address}, else the address the kernel would send from (a UDP socket
 * "connected" to a documentation address, which sends nothing), else the loopback address.
 */
final class HostAddress {
  private HostAddress() {
  }

  static String of(Map<String, String> env, String internalListenAddress) {
    String fromEnv = env.get("DAPR_HOST_IP");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    if (internalListenAddress != null) {
      String a = internalListenAddress.replace("[", "").replace("]", "");
      if (a.equals("127.0.0.1") || a.equals("localhost") || a.equals("::1")) {
        return a.equals("localhost") ? "127.0.0.1" : a;
      }
    }
    for (String probe : new String[] {"192.0.2.1", "2001:db8::1"}) {
      try (DatagramSocket socket = new DatagramSocket()) {
        socket.connect(new InetSocketAddress(InetAddress.getByName(probe), 80));
        InetAddress local = socket.getLocalAddress();
        if (local != null && !local.isAnyLocalAddress()) {
          return local.getHostAddress().replaceAll("%.*$", "");
        }
      } catch (java.io.IOException | RuntimeException e) {
        // no route of this family: try the next
      }
    }
    return "127.0.0.1";
  }

  /** This host's name, empty when it has none. */
  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
