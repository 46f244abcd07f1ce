package io.jdaprd.bench.load;

import io.netty.channel.EventLoop;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs one {@link LoadSpec}: opens the connections, warms up, measures, and sums up the lanes. */
final class LoadRun {
  private static final long START_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(2);

  private LoadRun() {
  }

  /**
   * Runs {@code spec}; {@code windowStart} is called right before the measured window opens (the runner reads the
   * server's CPU counters then).
   */
  static LoadResult run(LoadSpec spec, Requesters requesters, Runnable windowStart) throws Exception {
    byte[] value = Payloads.value(spec.payloadBytes());
    requesters.prepare(spec.target(), value);
    List<Lane> lanes = new ArrayList<>();
    try {
      for (int i = 0; i < spec.connections(); i++) {
        EventLoop loop = requesters.group().next();
        lanes.add(new Lane(requesters.create(spec.target(), value, loop), loop, spec.target().expect()));
      }
      if (spec.warmupMs() > 0) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(spec.warmupMs());
        await(lanes.stream().map(l -> l.startClosed(end)).toList(), spec.warmupMs());
        lanes.forEach(Lane::reset);
      }
      windowStart.run();
      long cpuBefore = processCpuNs();
      long start = System.nanoTime() + START_DELAY_NS;
      long end = start + TimeUnit.MILLISECONDS.toNanos(spec.durationMs());
      List<CompletableFuture<Void>> running = new ArrayList<>();
      if (spec.mode().equals("rate")) {
        long period = Math.round(1e9 * spec.connections() / spec.rate());
        for (int i = 0; i < lanes.size(); i++) {
          running.add(lanes.get(i).startOpen(start + i * period / lanes.size(), period, end));
        }
      } else {
        lanes.forEach(l -> running.add(l.startClosed(end)));
      }
      await(running, spec.durationMs());
      long finished = System.nanoTime();
      long cpu = processCpuNs() - cpuBefore;
      Lane.Tally tally = new Lane.Tally();
      lanes.forEach(l -> l.addTo(tally));
      return LoadResult.of(spec, tally, finished - start, cpu);
    } finally {
      lanes.forEach(Lane::close);
    }
  }

  private static void await(List<CompletableFuture<Void>> lanes, long durationMs) throws Exception {
    CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).get(durationMs + 30_000, TimeUnit.MILLISECONDS);
  }

  private static long processCpuNs() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }
}
