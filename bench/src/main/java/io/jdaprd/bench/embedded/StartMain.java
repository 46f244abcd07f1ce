package io.jdaprd.bench.embedded;

import io.dapr.client.DaprClient;
import io.jdaprd.embedded.JdaprdSidecar;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Embedded start to the first successful state call through the official Java SDK: the first sidecar of a fresh JVM,
 * then further sidecars of the same (warm) JVM, each closed before the next starts; then {@code n} sidecars open at
 * once in the same JVM. Prints one line per measure, {@code key value} in ms, for {@code EmbeddedScenario}.
 * Usage: {@code StartMain [n]}.
 */
public final class StartMain {
  private StartMain() {
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    System.out.printf("jvm-to-main %d%n",
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    for (int i = 1; i <= n; i++) {
      long t0 = System.nanoTime();
      try (JdaprdSidecar sidecar = JdaprdSidecar.builder().appId("bench" + i).start()) {
        long started = System.nanoTime();
        try (DaprClient client = sidecar.newClient()) {
          client.saveState("statestore", "k", "v").block();
          long call = System.nanoTime();
          System.out.printf("sidecar-%d-start %.1f%nsidecar-%d-first-state-call %.1f%n", i, (started - t0) / 1e6, i,
              (call - t0) / 1e6);
        }
      }
    }
    long t0 = System.nanoTime();
    List<JdaprdSidecar> open = new ArrayList<>();
    try {
      for (int i = 1; i <= n; i++) {
        JdaprdSidecar s = JdaprdSidecar.builder().appId("many" + i).start();
        open.add(s);
        try (DaprClient client = s.newClient()) {
          client.saveState("statestore", "k", "v").block();
        }
      }
      System.out.printf("open-%d-at-once %.1f%n", n, (System.nanoTime() - t0) / 1e6);
      Runtime rt = Runtime.getRuntime();
      System.gc();
      System.out.printf("heap-used-mib-with-%d %.1f%n", n, (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
    } finally {
      open.forEach(JdaprdSidecar::close);
    }
    System.exit(0);
  }
}
