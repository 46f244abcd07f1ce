package io.jdaprd.core.resiliency;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker, with the state machine of {@code sony/gobreaker} that daprd uses. Closed, it counts requests
 * and, after each failure, opens when {@code trip} holds for the counts; with an {@code interval} it clears the
 * counts each interval. Open, it refuses every request ({@value #OPEN}) until {@code timeout} has passed, then goes
 * half-open: up to {@code maxRequests} requests pass ({@value #TOO_MANY_REQUESTS} for more); that many successes in
 * a row close it, one failure opens it again. Each change of state starts a new generation: an outcome reported for
 * an older generation is ignored. Thread-safe.
 */
public final class CircuitBreaker {
  private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

  /** gobreaker's error text when the breaker is open. */
  public static final String OPEN = "circuit breaker is open";
  /** gobreaker's error text when a half-open breaker already lets its {@code maxRequests} through. */
  public static final String TOO_MANY_REQUESTS = "too many requests";

  /** The states, as daprd names them. */
  public enum State {
    CLOSED("closed"), OPEN("open"), HALF_OPEN("half-open");

    private final String text;

    State(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** The counts a {@code trip} expression sees. */
  public record Counts(long requests, long totalSuccesses, long totalFailures, long consecutiveSuccesses,
      long consecutiveFailures) {
  }

  /** The request was refused; the message is gobreaker's ({@link #OPEN} or {@link #TOO_MANY_REQUESTS}). */
  public static final class RejectedException extends Exception {
    RejectedException(String message) {
      super(message, null, false, false);
    }
  }

  private final String name;
  private final long maxRequests;
  private final long intervalNanos;
  private final long timeoutNanos;
  private final Predicate<Counts> trip;
  private final LongSupplier nanoTime;

  private State state = State.CLOSED;
  private long generation;
  private long requests;
  private long totalSuccesses;
  private long totalFailures;
  private long consecutiveSuccesses;
  private long consecutiveFailures;
  private long expiry;
  private boolean expires;

  /**
   * @param maxRequests requests let through half-open (0: 1)
   * @param interval how often a closed breaker clears its counts (0: never)
   * @param timeout how long it stays open (0: 60s)
   * @param trip whether the counts open it; {@code null}: more than 5 consecutive failures
   * @param nanoTime the clock
   */
  public CircuitBreaker(String name, long maxRequests, Duration interval, Duration timeout, Predicate<Counts> trip,
      LongSupplier nanoTime) {
    this.name = name;
    this.maxRequests = maxRequests == 0 ? 1 : maxRequests;
    this.intervalNanos = interval.isNegative() ? 0 : interval.toNanos();
    this.timeoutNanos = timeout.isZero() || timeout.isNegative() ? Duration.ofSeconds(60).toNanos()
        : timeout.toNanos();
    this.trip = trip == null ? c -> c.consecutiveFailures() > 5 : trip;
    this.nanoTime = nanoTime;
    newGeneration(nanoTime.getAsLong());
  }

  /** The breaker's name (the template's name, or the instance's key). */
  public String name() {
    return name;
  }

  /** The current state. */
  public synchronized State state() {
    currentState(nanoTime.getAsLong());
    return state;
  }

  /** The current counts. */
  public synchronized Counts counts() {
    return new Counts(requests, totalSuccesses, totalFailures, consecutiveSuccesses, consecutiveFailures);
  }

  /**
   * Admits one request.
   *
   * @return the generation to report the outcome with
   * @throws RejectedException when open, or half-open with {@code maxRequests} requests already let through
   */
  public synchronized long admit() throws RejectedException {
    long now = nanoTime.getAsLong();
    currentState(now);
    if (state == State.OPEN) {
      throw new RejectedException(OPEN);
    }
    if (state == State.HALF_OPEN && requests >= maxRequests) {
      throw new RejectedException(TOO_MANY_REQUESTS);
    }
    requests++;
    return generation;
  }

  /** Reports the outcome of a request admitted in {@code admittedGeneration}. */
  public synchronized void report(long admittedGeneration, boolean success) {
    long now = nanoTime.getAsLong();
    currentState(now);
    if (admittedGeneration != generation) {
      return;
    }
    if (success) {
      totalSuccesses++;
      consecutiveSuccesses++;
      consecutiveFailures = 0;
      if (state == State.HALF_OPEN && consecutiveSuccesses >= maxRequests) {
        setState(State.CLOSED, now);
      }
    } else {
      totalFailures++;
      consecutiveFailures++;
      consecutiveSuccesses = 0;
      if (state == State.HALF_OPEN || state == State.CLOSED && tripped()) {
        setState(State.OPEN, now);
      }
    }
  }

  private boolean tripped() {
    try {
      return trip.test(counts());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void currentState(long now) {
    if (state == State.CLOSED && expires && expiry - now < 0) {
      newGeneration(now);
    } else if (state == State.OPEN && expiry - now < 0) {
      setState(State.HALF_OPEN, now);
    }
  }

  private void setState(State to, long now) {
    if (state == to) {
      return;
    }
    State from = state;
    state = to;
    newGeneration(now);
    LOG.info("Circuit breaker \"{}\" changed state from {} to {}", name, from, to);
  }

  private void newGeneration(long now) {
    generation++;
    requests = 0;
    totalSuccesses = 0;
    totalFailures = 0;
    consecutiveSuccesses = 0;
    consecutiveFailures = 0;
    switch (state) {
      case CLOSED -> {
        expires = intervalNanos != 0;
        expiry = now + intervalNanos;
      }
      case OPEN -> {
        expires = true;
        expiry = now + timeoutNanos;
      }
      case HALF_OPEN -> expires = false;
      default -> throw new IllegalStateException(state.name());
    }
  }
}
