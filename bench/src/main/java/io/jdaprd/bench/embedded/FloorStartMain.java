package io.jdaprd.bench.embedded;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.config.Properties;
import io.jdaprd.bench.floor.FloorServer;
import java.lang.management.ManagementFactory;

/**
 * The floor of {@link StartMain}'s first measure: in a fresh JVM, the bench's bare Armeria HTTP + gRPC server
 * ({@link FloorServer}, a Dapr {@code SaveState} answered with nothing behind it) started in this JVM, then the
 * official Java SDK's first {@code saveState} against it: what any in-JVM server on this stack pays before its first
 * state call, whatever the sidecar does. Then the same again in the now warm JVM. Prints {@code key value} lines in
 * ms, for {@code EmbeddedScenario}.
 */
public final class FloorStartMain {
  private FloorStartMain() {
  }

  public static void main(String[] args) throws Exception {
    System.out.printf("jvm-to-main %d%n",
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    for (int i = 1; i <= 2; i++) {
      long t0 = System.nanoTime();
      try (FloorServer.Started floor = FloorServer.start(0, 0)) {
        long started = System.nanoTime();
        try (DaprClient client = new DaprClientBuilder()
            .withPropertyOverride(Properties.HTTP_ENDPOINT, "http://127.0.0.1:" + floor.httpPort())
            .withPropertyOverride(Properties.GRPC_ENDPOINT, "127.0.0.1:" + floor.grpcPort())
            .withPropertyOverride(Properties.HTTP_PORT, Integer.toString(floor.httpPort()))
            .withPropertyOverride(Properties.GRPC_PORT, Integer.toString(floor.grpcPort())).build()) {
          client.saveState("statestore", "k", "v").block();
          long call = System.nanoTime();
          System.out.printf("floor-%d-start %.1f%nfloor-%d-first-state-call %.1f%n", i, (started - t0) / 1e6, i,
              (call - t0) / 1e6);
        }
      }
    }
    System.exit(0);
  }
}
