package io.jdaprd.embedded.bench;

import io.dapr.client.DaprClient;
import io.jdaprd.embedded.JdaprdSidecar;

/**
 * Embedded start to the first successful state call through the official Java SDK: the first sidecar of a fresh
 * JVM, then further sidecars in the same (warm) JVM. JUnit-free; run with the module's test class path:
 * {@code java -cp ... io.jdaprd.embedded.bench.EmbeddedStartBench [sidecars]}. Prints one line per sidecar, in ms.
 */
public final class EmbeddedStartBench {
  private EmbeddedStartBench() {
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.printf("jvm start to main: %d ms%n", System.currentTimeMillis() - jvmStart);
    for (int i = 1; i <= n; i++) {
      long t0 = System.nanoTime();
      long cpu0 = cpu();
      try (JdaprdSidecar sidecar = JdaprdSidecar.builder().appId("bench" + i).start()) {
        long started = System.nanoTime();
        try (DaprClient client = sidecar.newClient()) {
          client.saveState("statestore", "k", "v").block();
          long firstCall = System.nanoTime();
          System.out.printf("sidecar %d: start %d ms, start to first successful state call %d ms (process CPU %d ms)%n",
              i, (started - t0) / 1_000_000, (firstCall - t0) / 1_000_000, (cpu() - cpu0) / 1_000_000);
        }
      }
    }
    System.exit(0);
  }
}
