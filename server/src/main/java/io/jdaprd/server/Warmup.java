package io.jdaprd.server;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work the start needs later, begun on a background thread once logging is configured, so that it overlaps loading
 * the components and starting the HTTP server.
 *
 * <p>The work is Armeria's {@code Server.builder()} (Armeria's flags, Netty's event loop and channel classes) and
 * {@code GrpcService.builder()}: the builder's default HTTP/JSON transcoding options build,
 * in a static initialiser, JSON marshallers for the {@code google.rpc} error details, generating their classes with
 * byte-buddy. No builder option avoids it (the defaults are field initialisers of the builder), and it is the
 * largest single cost of a start; the gRPC API itself serves binary gRPC only and never uses those marshallers.
 */
final class Warmup {
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private Warmup() {
  }

  /**
   * Starts the background work, once per JVM (the classes it initialises stay initialised: a second sidecar of an
   * embedding JVM has nothing left to warm); the main thread waits for it only if it gets there first (class
   * initialisation).
   */
  static void start() {
    if (!STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread.ofPlatform().name("jdaprd-warmup").daemon().start(() -> {
      try {
        Server.builder();
        GrpcService.builder();
      } catch (RuntimeException | LinkageError e) {
        // the main thread meets the same problem when it builds the service, and reports it
      }
    });
  }
}
