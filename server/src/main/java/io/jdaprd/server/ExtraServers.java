package io.jdaprd.server;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.DaprHttpApi;
import io.jdaprd.core.runtime.Blocks;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers besides the APIs that daprd's flags ask for: the public server of {@code --dapr-public-port} (the
 * health and metadata routes, without the API token, on {@code --dapr-public-listen-address} or all interfaces) and
 * the profiling server of {@code --enable-profiling} ({@link Profiling}, on {@code --profile-port} of the API listen
 * addresses).
 */
final class ExtraServers {
  private static final Logger LOG = LoggerFactory.getLogger(ExtraServers.class);

  private ExtraServers() {
  }

  /** The builders of the servers {@code settings} ask for; the caller starts and stops them. */
  static List<ServerBuilder> builders(Settings settings, Blocks blocks) {
    List<ServerBuilder> out = new ArrayList<>();
    Serving serving = settings.serving();
    if (serving.publicPort() != null) {
      ServerBuilder sb = base(settings);
      sb.http(serving.publicListenAddress() == null ? new InetSocketAddress(serving.publicPort())
          : new InetSocketAddress(unbracket(serving.publicListenAddress()), serving.publicPort()));
      DaprHttpApi.addPublicTo(sb, blocks, settings.api(), serving.apiAccess());
      LOG.info("public HTTP server (health and metadata) listening on {}:{}", serving.publicListenAddress() == null
          ? "" : serving.publicListenAddress(), serving.publicPort());
      out.add(sb);
    }
    if (serving.profilePort() != null) {
      ServerBuilder sb = base(settings);
      if (settings.listenAddresses().isEmpty()) {
        sb.http(serving.profilePort());
      } else {
        settings.listenAddresses().forEach(a -> sb.http(new InetSocketAddress(unbracket(a), serving.profilePort())));
      }
      Profiling.addTo(sb);
      LOG.info("HTTP profiling server (Java Flight Recorder) listening on port {}", serving.profilePort());
      out.add(sb);
    }
    return out;
  }

  private static ServerBuilder base(Settings settings) {
    return Server.builder().requestTimeoutMillis(0).bossGroupFactory(AcceptorGroups::create)
        .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(settings.gracefulShutdownSeconds()));
  }

  private static String unbracket(String address) {
    return address.trim().replace("[", "").replace("]", "");
  }
}
