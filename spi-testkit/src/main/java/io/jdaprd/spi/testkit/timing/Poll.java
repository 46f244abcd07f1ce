package io.jdaprd.spi.testkit.timing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Bounded polling, instead of sleeping a fixed time and then asserting: the condition is checked every
 * {@value #INTERVAL_MILLIS} ms until it holds or the deadline passes. Choose deadlines for a loaded machine (seconds,
 * not milliseconds): a passing test returns as soon as the condition holds, so a long deadline costs nothing.
 */
public final class Poll {
  /** How long a check waits before checking again. */
  public static final long INTERVAL_MILLIS = 20;

  /** A check that may throw, e.g. an assertion or a call to a backend that is still starting. */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  private Poll() {
  }

  /** Whether {@code condition} held within {@code timeout}; checks it at least once. */
  public static boolean until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(INTERVAL_MILLIS);
    }
    return true;
  }

  /**
   * Returns once {@code condition} holds; fails with "{@code what} within {@code timeout}" when it does not in time.
   *
   * @throws AssertionError when the deadline passes first
   */
  public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    if (!until(timeout, condition)) {
      throw new AssertionError("expected " + what + " within " + timeout.toMillis() + " ms");
    }
  }

  /**
   * Runs {@code check} until it completes without throwing; when the deadline passes first, fails with its last
   * failure as the cause.
   *
   * @throws AssertionError when the deadline passes first
   */
  public static void untilPasses(String what, Duration timeout, Check check) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception | AssertionError e) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("expected " + what + " within " + timeout.toMillis() + " ms; last: " + e, e);
        }
      }
      Thread.sleep(INTERVAL_MILLIS);
    }
  }
}
