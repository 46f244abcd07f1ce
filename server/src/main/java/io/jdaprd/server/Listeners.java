package io.jdaprd.server;

import com.linecorp.armeria.common.util.DomainSocketAddress;
import com.linecorp.armeria.server.ServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an API server listens, as daprd decides: with {@code --unix-domain-socket}, only on the socket
 * {@code <dir>/dapr-<app-id>-http.socket} (HTTP API) or {@code <dir>/dapr-<app-id>-grpc.socket} (gRPC API), not on
 * a TCP port; otherwise on the port, on every address of {@code --dapr-listen-addresses} or on all interfaces.
 */
final class Listeners {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Listeners.class);

  private Listeners() {
  }

  /** The socket file of the API server {@code kind} ({@code http} or {@code grpc}) in {@code dir}. */
  static Path socket(Path dir, String appId, String kind) {
    return dir.resolve("dapr-" + appId + "-" + kind + ".socket");
  }

  /**
   * Makes {@code sb} listen for the API server {@code kind} ({@code http} or {@code grpc}) on {@code port} or its
   * socket.
   *
   * @throws IllegalStateException when the socket's directory does not exist or the socket file is taken
   */
  static void listen(ServerBuilder sb, Settings settings, String kind, int port) {
    Path dir = settings.serving().unixDomainSocket();
    if (dir != null) {
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException("--unix-domain-socket: " + dir + " (expected: an existing directory)");
      }
      Path socket = socket(dir, settings.appId(), kind);
      if (Files.exists(socket)) {
        throw new IllegalStateException("listen unix " + socket + ": bind: address already in use");
      }
      sb.http(DomainSocketAddress.of(socket));
      LOG.info("{} server listening on UNIX socket: {}", kind.equals("http") ? "HTTP" : "gRPC", socket);
    } else if (settings.listenAddresses().isEmpty()) {
      sb.http(port);
    } else {
      for (String address : settings.listenAddresses()) {
        sb.http(new InetSocketAddress(address.trim().replace("[", "").replace("]", ""), port));
      }
    }
  }

  /** The TCP port {@code server} listens on; 0 when it listens on a Unix domain socket only. */
  static int tcpPort(com.linecorp.armeria.server.Server server) {
    return server.activePorts().values().stream().map(p -> p.localAddress())
        .filter(a -> !(a instanceof DomainSocketAddress)).findFirst().map(InetSocketAddress::getPort).orElse(0);
  }

  /** Removes the API servers' socket files, as daprd does when it stops. */
  static void removeSockets(Settings settings) {
    Path dir = settings.serving().unixDomainSocket();
    if (dir == null) {
      return;
    }
    for (String kind : new String[] {"http", "grpc"}) {
      try {
        Files.deleteIfExists(socket(dir, settings.appId(), kind));
      } catch (IOException e) {
        // a socket left behind is reported by the next start that needs it
      }
    }
  }
}
