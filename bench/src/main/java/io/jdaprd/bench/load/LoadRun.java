package io.jdaprd.bench.load;

import io.netty.channel.EventLoop;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link LoadSpec}: opens the connections, warms up, measures, and sums up the lanes. A publish run then
 * waits for the deliveries (see {@link #drain}).
 */
final class LoadRun {
  private static final long START_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(2);
  /** A publish run stops waiting for deliveries after this long without one. */
  private static final long DRAIN_QUIET_NS = TimeUnit.SECONDS.toNanos(5);
  /** And after this long in any case. */
  private static final long DRAIN_MAX_NS = TimeUnit.SECONDS.toNanos(30);

  private LoadRun() {
  }

  /**
   * Runs {@code spec}; {@code windowStart} is called right before the measured window opens (the runner reads the
   * server's CPU counters then).
   */
  static LoadResult run(LoadSpec spec, Requesters requesters, Runnable windowStart) throws Exception {
    boolean upload = spec.target().op().equals("upload");
    byte[] value = upload ? new byte[0] : Payloads.value(spec.payloadBytes());
    requesters.prepare(spec.target(), value);
    List<Lane> lanes = new ArrayList<>();
    try {
      for (int i = 0; i < spec.connections(); i++) {
        EventLoop loop = requesters.group().next();
        lanes.add(new Lane(requesters.create(spec.target(), value, spec.payloadBytes(), loop), loop,
            spec.target().expect()));
      }
      if (spec.warmupMs() > 0) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(spec.warmupMs());
        await(lanes.stream().map(l -> l.startClosed(end)).toList(), spec.warmupMs());
        lanes.forEach(Lane::reset);
      }
      Receiver.Window window = spec.target().op().equals("publish") ? requesters.receiver().open() : null;
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
      LoadResult.Delivery delivery = window == null ? null
          : drain(window, tally.codes.getOrDefault(spec.target().expect(), 0L), finished);
      return LoadResult.of(spec, tally, finished - start, cpu, delivery);
    } finally {
      lanes.forEach(Lane::close);
    }
  }

  /**
   * Waits until the receiver has every event the sidecar accepted ({@code accepted}), or none came for
   * {@link #DRAIN_QUIET_NS}, or {@link #DRAIN_MAX_NS} passed since {@code publishEndNs}; what is missing then is
   * counted lost.
   */
  private static LoadResult.Delivery drain(Receiver.Window w, long accepted, long publishEndNs)
      throws InterruptedException {
    while (w.delivered() < accepted) {
      long now = System.nanoTime();
      long last = Math.max(w.lastDeliveryNs(), publishEndNs);
      if (now - last > DRAIN_QUIET_NS || now - publishEndNs > DRAIN_MAX_NS) {
        break;
      }
      Thread.sleep(5);
    }
    long drain = Math.max(0, w.lastDeliveryNs() - publishEndNs);
    return new LoadResult.Delivery(w.delivered(), w.duplicates(), w.strays(), drain,
        LoadResult.encode(w.latency()));
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
