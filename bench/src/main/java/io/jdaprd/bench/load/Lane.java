package io.jdaprd.bench.load;

import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One connection's request loop. In open (constant-rate) mode the n-th request is due at {@code start + n * period};
 * it is sent then, or as soon as the previous answer arrives if that is later, and its latency is counted from the
 * time it was due: a stalled server is charged for every request it kept waiting, not just one (the
 * coordinated-omission correction). The service time, from the actual send, is kept too. In closed mode the next
 * request goes out as soon as the previous one is answered. The loop is a chain of callbacks, so its fields are
 * only ever touched by one thread at a time.
 */
final class Lane {
  static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);

  private final Requester requester;
  private final EventLoop loop;
  private final int expect;
  private final Histogram latency = newHistogram();
  private final Histogram service = newHistogram();
  private final Map<Integer, Long> codes = new HashMap<>();
  private CompletableFuture<Void> done = new CompletableFuture<>();
  private boolean open;
  /** True while {@link Requester#send(long)} runs: an answer that comes back inside it must not recurse. */
  private boolean sending;
  private long periodNs;
  private long dueNs;
  private long endNs;
  private long sent;
  private long completed;
  private long transportErrors;
  private long unexpected;

  Lane(Requester requester, EventLoop loop, int expect) {
    this.requester = requester;
    this.loop = loop;
    this.expect = expect;
  }

  static Histogram newHistogram() {
    return new Histogram(1_000, HIGHEST_NS, 3);
  }

  /** Starts a constant-rate loop: the first request due at {@code firstDueNs}, then one every {@code periodNs}. */
  CompletableFuture<Void> startOpen(long firstDueNs, long periodNs, long endNs) {
    this.open = true;
    this.done = new CompletableFuture<>();
    this.dueNs = firstDueNs;
    this.periodNs = periodNs;
    this.endNs = endNs;
    loop.execute(this::next);
    return done;
  }

  /** Starts a closed loop that sends until {@code endNs}. */
  CompletableFuture<Void> startClosed(long endNs) {
    this.open = false;
    this.done = new CompletableFuture<>();
    this.endNs = endNs;
    loop.execute(this::next);
    return done;
  }

  private void next() {
    long now = System.nanoTime();
    if (open) {
      if (dueNs >= endNs) {
        done.complete(null);
        return;
      }
      long wait = dueNs - now;
      if (wait > 0) {
        loop.schedule(this::fire, wait, TimeUnit.NANOSECONDS);
        return;
      }
    } else if (now >= endNs) {
      done.complete(null);
      return;
    }
    fire();
  }

  private void fire() {
    long sentAt = System.nanoTime();
    long due = open ? dueNs : sentAt;
    sent++;
    CompletableFuture<Integer> answer;
    sending = true;
    try {
      answer = requester.send(due);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete((code, error) -> {
      long now = System.nanoTime();
      latency.recordValue(Math.min(now - due, HIGHEST_NS));
      service.recordValue(Math.min(now - sentAt, HIGHEST_NS));
      completed++;
      if (error != null) {
        transportErrors++;
        codes.merge(-1, 1L, Long::sum);
      } else {
        codes.merge(code, 1L, Long::sum);
        if (code != expect) {
          unexpected++;
        }
      }
      dueNs += periodNs;
      if (loop.inEventLoop() && !sending) {
        next();
      } else {
        loop.execute(this::next);
      }
    });
    sending = false;
  }

  /** Adds this lane's counts and histograms to {@code into}; call once {@link #startOpen} or the like is done. */
  void addTo(Tally into) {
    into.latency.add(latency);
    into.service.add(service);
    into.sent += sent;
    into.completed += completed;
    into.transportErrors += transportErrors;
    into.unexpected += unexpected;
    codes.forEach((k, v) -> into.codes.merge(k, v, Long::sum));
  }

  /** Forgets what was measured so far (after a warm-up); call only while the lane is not running. */
  void reset() {
    latency.reset();
    service.reset();
    codes.clear();
    sent = 0;
    completed = 0;
    transportErrors = 0;
    unexpected = 0;
  }

  void close() {
    requester.close();
  }

  /** The sum over all lanes of a run. */
  static final class Tally {
    final Histogram latency = newHistogram();
    final Histogram service = newHistogram();
    final Map<Integer, Long> codes = new HashMap<>();
    long sent;
    long completed;
    long transportErrors;
    long unexpected;
  }
}
