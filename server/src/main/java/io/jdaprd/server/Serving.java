package io.jdaprd.server;

import io.jdaprd.core.runtime.ApiAccess;
import io.jdaprd.core.runtime.ApiLogging;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the sidecar serves beyond its two API ports, from daprd's flags and the Configuration.
 *
 * @param logFile {@code --log-file}; {@code null}: stdout
 * @param apiLogging {@code --enable-api-logging} (when given) over {@code spec.logging.apiLogging}
 * @param apiAccess {@code spec.api.allowed} and {@code spec.api.denied}
 * @param deniedComponents {@code spec.components.deny}: {@code type} or {@code type/version} entries
 * @param allowedOrigins {@code --allowed-origins}; empty: no CORS
 * @param publicPort {@code --dapr-public-port}; {@code null}: no public server
 * @param publicListenAddress {@code --dapr-public-listen-address}; {@code null}: all interfaces
 * @param unixDomainSocket {@code --unix-domain-socket}: the directory of the API servers' sockets; {@code null}:
 *     TCP ports
 * @param blockShutdown {@code --dapr-block-shutdown-duration}; {@code null} unless given
 * @param profilePort {@code --profile-port} with {@code --enable-profiling}; {@code null}: no profiling server
 * @param readBufferSize {@code --read-buffer-size} (or {@code --dapr-http-read-buffer-size}, KiB) in bytes, daprd's
 *     header limit: on the HTTP API Go's {@code MaxHeaderBytes} (whose reader allows 4 KiB more, 8 KiB by
 *     default); on the gRPC API the header list size, which daprd shifts by 10 more bits (4 MiB by default);
 *     0 or less: no limit of jdaprd's own
 */
record Serving(String logFile, ApiLogging apiLogging, ApiAccess apiAccess,
    List<String> deniedComponents, String allowedOrigins, Integer publicPort, String publicListenAddress,
    Path unixDomainSocket, Duration blockShutdown, Integer profilePort, long readBufferSize) {

  /** daprd's {@code --read-buffer-size} default, 4 KiB. */
  static final long DEFAULT_READ_BUFFER_SIZE = 4 << 10;

  /** What a sidecar started without any of these flags or fields serves. */
  static final Serving DEFAULTS = new Serving(null, ApiLogging.OFF, ApiAccess.ALL, List.of(), "", null,
      null, null, null, null, DEFAULT_READ_BUFFER_SIZE);
}
