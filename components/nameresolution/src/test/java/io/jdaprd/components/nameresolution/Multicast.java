package io.jdaprd.components.nameresolution;

import io.jdaprd.spi.testkit.backend.Ci;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Whether multicast DNS works on this machine's loopback interface: two sockets on port 5353, joined to 224.0.0.251
 * there, hear each other. The mDNS tests need it (they never multicast beyond the machine); without it they skip
 * loudly, or fail under CI.
 */
final class Multicast {
  private Multicast() {
  }

  /** Ends the calling test (skipped, or failed under CI) when two sockets cannot hear each other. */
  static void requireLoopback() {
    String problem = problem();
    if (problem != null) {
      Ci.skipOrFail("mDNS tests cannot run: " + problem + ". They use IPv4 multicast to 224.0.0.251:5353 on the"
          + " loopback interface only (nothing leaves the machine), which needs its multicast flag:"
          + " ip link set lo multicast on (.ci/run sets it).");
    }
  }

  private static String problem() {
    List<MulticastSocket> sockets = new ArrayList<>();
    try {
      NetworkInterface ni = NetworkInterface.networkInterfaces().filter(Multicast::usable).findFirst().orElse(null);
      if (ni == null) {
        return "the loopback interface has no multicast flag";
      }
      for (int i = 0; i < 2; i++) {
        MulticastSocket socket = new MulticastSocket(new InetSocketAddress(MdnsNameResolver.MDNS_PORT));
        sockets.add(socket);
        socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
        socket.joinGroup(new InetSocketAddress(MdnsNameResolver.GROUP, 0), ni);
        socket.setNetworkInterface(ni);
        socket.setSoTimeout(2000);
      }
      byte[] probe = ("jdaprd-probe-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
      sockets.get(0).send(new DatagramPacket(probe, probe.length, MdnsNameResolver.GROUP, MdnsNameResolver.MDNS_PORT));
      byte[] buffer = new byte[9000];
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (System.nanoTime() < deadline) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        sockets.get(1).receive(packet);
        if (new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1)
            .equals(new String(probe, StandardCharsets.ISO_8859_1))) {
          return null;
        }
      }
      return "a multicast probe on " + ni.getName() + " was not heard back";
    } catch (SocketTimeoutException e) {
      return "a multicast probe was not heard back within 2 s";
    } catch (IOException e) {
      return "multicast sockets on port 5353 fail: " + e;
    } finally {
      sockets.forEach(MulticastSocket::close);
    }
  }

  private static boolean usable(NetworkInterface ni) {
    try {
      return ni.isUp() && ni.supportsMulticast() && ni.isLoopback()
          && ni.inetAddresses().anyMatch(java.net.Inet4Address.class::isInstance);
    } catch (IOException e) {
      return false;
    }
  }
}
