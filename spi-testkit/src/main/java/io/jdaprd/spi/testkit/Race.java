package io.jdaprd.spi.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code n} contenders at once, each on its own virtual thread, released together by one latch, and records
 * how each one ended.
 */
final class Race {
  private static final long TIMEOUT_SECONDS = 60;

  /** One contender's work. */
  @FunctionalInterface
  interface Contender {
    void run(int index) throws Exception;
  }

  /** How the race ended: the indexes that succeeded, and what the others threw, by index. */
  record Outcome(List<Integer> winners, List<Throwable> failures) {
  }

  private Race() {
  }

  static Outcome run(int n, Contender contender) throws Exception {
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Throwable>> results = new ArrayList<>(n);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        int index = i;
        results.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          try {
            contender.run(index);
            return null;
          } catch (Exception | Error e) {
            return e;
          }
        }));
      }
      if (!ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("the " + n + " contenders did not all start within " + TIMEOUT_SECONDS + " s");
      }
      start.countDown();
      List<Integer> winners = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Throwable t = results.get(i).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (t == null) {
          winners.add(i);
        } else {
          failures.add(t);
        }
      }
      return new Outcome(List.copyOf(winners), List.copyOf(failures));
    }
  }
}
