package io.jdaprd.core.resiliency;

import io.jdaprd.golang.GoDurations;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy of one call, as daprd's {@code PolicyDefinition} and its runner: each attempt passes the circuit
 * breaker (when there is one) and is bounded by the timeout (when there is one); a failed attempt is retried under
 * the retry policy (when there is one). The breaker counts every attempt's outcome, a timed-out one as a failure; a
 * refusal of the breaker is never retried.
 *
 * <p>A failure stops the call with daprd's texts: {@value #DEADLINE_EXCEEDED} for a timeout, {@value
 * CircuitBreaker#OPEN} or {@value CircuitBreaker#TOO_MANY_REQUESTS} from the breaker, {@value #CANCELED} when the
 * calling thread is interrupted. The call site turns these into its own error (the same one a failure of its
 * component or app gives), through the {@code stopped} function of {@link #run}.
 */
public final class Policy {
  private static final Logger LOG = LoggerFactory.getLogger(Policy.class);

  /** Go's {@code context.DeadlineExceeded} text: an attempt outlived the policy's timeout. */
  public static final String DEADLINE_EXCEEDED = "context deadline exceeded";
  /** Go's {@code context.Canceled} text. */
  public static final String CANCELED = "context canceled";

  /** No policy: one attempt, no bound. */
  public static final Policy NONE = new Policy("none", Duration.ZERO, null, null, Ticker.SYSTEM);

  private final String name;
  private final Duration timeout;
  private final RetrySpec retry;
  private final CircuitBreaker breaker;
  private final Ticker ticker;
  private final PolicyMetrics metrics;

  /**
   * @param name how the logs name the operation ({@code endpoint[app, app:method]}, {@code component[store]
   *     output}, ...)
   * @param timeout the bound of each attempt; zero for none
   * @param retry the retry policy, or {@code null}
   * @param breaker the circuit breaker, or {@code null}
   */
  public Policy(String name, Duration timeout, RetrySpec retry, CircuitBreaker breaker, Ticker ticker) {
    this(name, timeout, retry, breaker, ticker, null);
  }

  /**
   * A policy that records its kinds as executed into {@code metrics} now, and their activations as they happen.
   *
   * @param metrics where to record, or {@code null} for nowhere
   */
  Policy(String name, Duration timeout, RetrySpec retry, CircuitBreaker breaker, Ticker ticker,
      PolicyMetrics metrics) {
    this.name = name;
    this.timeout = timeout == null ? Duration.ZERO : timeout;
    this.retry = retry;
    this.breaker = breaker;
    this.ticker = ticker;
    this.metrics = metrics;
    if (metrics != null) {
      metrics.executed(this);
    }
  }

  /** One attempt of the operation. */
  @FunctionalInterface
  public interface Operation<T, E extends Exception> {
    T call() throws E;
  }

  /**
   * A failed attempt that carries a status code, such as an app's non-2xx answer: retried only when the retry
   * policy's {@code matching} allows the code, and counted by the breaker as a failure. When the call gives up on
   * it, it is thrown from {@link #run} as it is, so that the call site can hand on its {@link #value()}.
   */
  public static final class CodeFailure extends RuntimeException {
    private final int code;
    private final boolean matched;
    private final transient Object value;

    /**
     * A failure the retry policy's {@code matching} decides on.
     *
     * @param code an HTTP status or a gRPC code
     * @param value what the attempt produced (the answer), closed when another attempt replaces it if it is
     *     {@link AutoCloseable}
     */
    public CodeFailure(int code, Object value) {
      this(code, value, true);
    }

    /**
     * @param matched whether {@code matching} decides on the retry; when not, the failure is retried as any other
     *     (daprd's gRPC API sees an app's error answer as a plain error)
     */
    public CodeFailure(int code, Object value, boolean matched) {
      super("status " + code, null, false, false);
      this.code = code;
      this.matched = matched;
      this.value = value;
    }

    public int code() {
      return code;
    }

    public Object value() {
      return value;
    }
  }

  /** The policy's name, as the logs show it. */
  public String name() {
    return name;
  }

  /** The bound of each attempt; zero for none. */
  public Duration timeout() {
    return timeout;
  }

  /** The retry policy, or {@code null}. */
  public RetrySpec retry() {
    return retry;
  }

  /** The circuit breaker, or {@code null}. */
  public CircuitBreaker breaker() {
    return breaker;
  }

  /** Whether the policy retries, as daprd's {@code HasRetries}: a retry policy whose {@code maxRetries} is not 0. */
  public boolean hasRetries() {
    return retry != null && retry.hasRetries();
  }

  /** Whether this policy does nothing but run the operation once. */
  public boolean isNone() {
    return retry == null && breaker == null && timeout.isZero();
  }

  /** {@link #run(Operation, Function, Predicate)} where every failure may be retried. */
  public <T, E extends Exception> T run(Operation<T, E> operation, Function<String, E> stopped) throws E {
    return run(operation, stopped, e -> false);
  }

  /**
   * Runs {@code operation} under the policy.
   *
   * @param stopped makes the call site's exception from one of this class's texts (timeout, breaker, interrupt)
   * @param permanent the failures that are never retried
   * @return what the first successful attempt returned
   * @throws E the last attempt's failure, or {@code stopped}'s exception
   * @throws CodeFailure when the last attempt failed with a code
   */
  public <T, E extends Exception> T run(Operation<T, E> operation, Function<String, E> stopped,
      Predicate<Exception> permanent) throws E {
    if (isNone()) {
      return operation.call();
    }
    RetrySpec.Backoff backoff = retry == null ? null : retry.start(ticker::nanoTime, ticker::random);
    boolean notified = false;
    boolean[] timedOut = {false};
    for (int attempt = 1; ; attempt++) {
      Exception failure;
      try {
        T result = attempt(operation, stopped, timedOut);
        if (notified) {
          LOG.info("Recovered processing operation {} after {} attempts", name, attempt);
        }
        return result;
      } catch (Refused r) {
        throw Policy.<E>unchecked(r.getCause());
      } catch (Exception e) {
        failure = e;
      }
      if (backoff == null || permanent.test(failure)
          || failure instanceof CodeFailure c && c.matched && !retry.matching().retries(c.code())) {
        throw Policy.<E>unchecked(failure);
      }
      var wait = backoff.next();
      if (wait.isEmpty()) {
        throw Policy.<E>unchecked(failure);
      }
      if (failure instanceof CodeFailure c && c.value() instanceof AutoCloseable closeable) {
        closeQuietly(closeable);
      }
      if (metrics != null) {
        metrics.activated(PolicyMetrics.RETRY);
      }
      if (!notified) {
        notified = true;
        LOG.warn("Error processing operation {}. Retrying in {}…", name, GoDurations.format(wait.get()));
        LOG.debug("Error for operation {} was: {}", name, failure.getMessage());
      }
      try {
        ticker.sleep(wait.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw stopped.apply(CANCELED);
      }
    }
  }

  /** A refusal of the breaker, which ends the call at once. */
  private static final class Refused extends RuntimeException {
    Refused(Exception stopped) {
      super(stopped.getMessage(), stopped, false, false);
    }
  }

  /**
   * One attempt through the breaker and the timeout.
   *
   * @param timedOut set once an attempt of this run timed out, so that the run records the timeout's activation once
   */
  private <T, E extends Exception> T attempt(Operation<T, E> operation, Function<String, E> stopped,
      boolean[] timedOut) throws E {
    long generation = 0;
    CircuitBreaker.State before = breaker != null && metrics != null ? breaker.state() : null;
    if (breaker != null) {
      try {
        generation = breaker.admit();
      } catch (CircuitBreaker.RejectedException e) {
        throw new Refused(stopped.apply(e.getMessage()));
      }
    }
    boolean success = false;
    try {
      T result = timed(operation, stopped, timedOut);
      success = true;
      return result;
    } finally {
      if (breaker != null) {
        breaker.report(generation, success);
        if (before != null) {
          CircuitBreaker.State after = breaker.state();
          if (after != before) {
            metrics.breakerChanged(after);
          }
        }
      }
    }
  }

  private <T, E extends Exception> T timed(Operation<T, E> operation, Function<String, E> stopped,
      boolean[] timedOut) throws E {
    if (timeout.isZero() || timeout.isNegative()) {
      return operation.call();
    }
    CompletableFuture<T> outcome = new CompletableFuture<>();
    Thread worker = Thread.ofVirtual().name("resiliency-" + name).start(() -> {
      try {
        T result = operation.call();
        if (!outcome.complete(result) && result instanceof AutoCloseable late) {
          closeQuietly(late);
        }
      } catch (Throwable t) {
        outcome.completeExceptionally(t);
      }
    });
    try {
      return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      abandon(outcome, worker);
      if (metrics != null && !timedOut[0]) {
        timedOut[0] = true;
        metrics.activated(PolicyMetrics.TIMEOUT);
      }
      throw stopped.apply(DEADLINE_EXCEEDED);
    } catch (InterruptedException e) {
      abandon(outcome, worker);
      Thread.currentThread().interrupt();
      throw stopped.apply(CANCELED);
    } catch (ExecutionException e) {
      throw Policy.<E>unchecked(e.getCause());
    }
  }

  private static void abandon(CompletableFuture<?> outcome, Thread worker) {
    if (!outcome.completeExceptionally(new CancellationException()) && !outcome.isCompletedExceptionally()
        && outcome.getNow(null) instanceof AutoCloseable late) {
      closeQuietly(late);
    }
    worker.interrupt();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.debug("closing an abandoned result failed: {}", e.toString());
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> E unchecked(Throwable t) throws E {
    if (t instanceof Error error) {
      throw error;
    }
    throw (E) t;
  }

  @Override
  public String toString() {
    return "Policy: name='" + name + "' timeout='" + GoDurations.format(timeout) + "' retry=(" + retry
        + ") circuitBreaker=(" + (breaker == null ? "nil" : breaker.name()) + ")";
  }
}
