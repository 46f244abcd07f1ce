package io.jdaprd.bench.suite;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The peak resident memory of a process over a stretch of time: its {@code VmHWM} after a reset where the kernel
 * allows one, and samples of {@code VmRSS} every 100 ms either way.
 */
final class RssWatch implements AutoCloseable {
  private final long pid;
  private final boolean reset;
  private final AtomicLong maxKib = new AtomicLong();
  private final Thread sampler;

  RssWatch(long pid) {
    this.pid = pid;
    this.reset = Proc.resetPeak(pid);
    this.sampler = Thread.ofPlatform().daemon().name("rss-watch").start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        maxKib.accumulateAndGet(Math.round(Proc.rssMib(pid) * 1024), Math::max);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  double peakMib() {
    double sampled = maxKib.get() / 1024.0;
    return reset ? Math.max(sampled, Proc.peakRssMib(pid)) : sampled;
  }

  @Override
  public void close() {
    sampler.interrupt();
  }
}
