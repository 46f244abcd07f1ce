package io.jdaprd.spi.testkit.bindings;

import io.jdaprd.spi.bindings.BindingEvent;
import io.jdaprd.spi.bindings.InputHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link InputHandler} that records what an input binding delivers: every attempt (the handler was called), and
 * the events it took (the behaviour did not throw). The behaviour runs first; when it throws the attempt is recorded
 * as failed and the exception goes back to the component. Also tracks how many calls overlap.
 */
public final class EventLog implements InputHandler {

  /** What the handler does with an event before it is recorded as taken; may throw to refuse it. */
  @FunctionalInterface
  public interface Behaviour {
    void accept(BindingEvent event) throws Exception;
  }

  private final Behaviour behaviour;
  private final List<BindingEvent> attempts = new ArrayList<>();
  private final List<BindingEvent> taken = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  /** A log whose handler takes every event. */
  public EventLog() {
    this(event -> {
    });
  }

  /** A log whose handler runs {@code behaviour} on every event. */
  public EventLog(Behaviour behaviour) {
    this.behaviour = behaviour;
  }

  /** The UTF-8 text of an event's data. */
  public static String text(BindingEvent event) {
    return new String(event.data(), StandardCharsets.UTF_8);
  }

  @Override
  public byte[] handle(BindingEvent event) throws Exception {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      synchronized (this) {
        attempts.add(event);
        notifyAll();
      }
      behaviour.accept(event);
      synchronized (this) {
        taken.add(event);
        notifyAll();
      }
      return new byte[0];
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Every event the handler was called with, in order. */
  public synchronized List<BindingEvent> attempts() {
    return List.copyOf(attempts);
  }

  /** The events the handler took, in order. */
  public synchronized List<BindingEvent> taken() {
    return List.copyOf(taken);
  }

  /** The texts of the events taken, in order. */
  public synchronized List<String> takenTexts() {
    return taken.stream().map(EventLog::text).toList();
  }

  /** The most handler calls that ran at the same time. */
  public int maxConcurrent() {
    return maxInFlight.get();
  }

  /** Waits until at least {@code count} events were taken; whether they were within {@code timeout}. */
  public synchronized boolean awaitTaken(int count, Duration timeout) throws InterruptedException {
    return awaitSize(taken, count, timeout);
  }

  /** Waits until the handler was called at least {@code count} times; whether it was within {@code timeout}. */
  public synchronized boolean awaitAttempts(int count, Duration timeout) throws InterruptedException {
    return awaitSize(attempts, count, timeout);
  }

  /** Waits until every text of {@code texts} was taken; whether they were within {@code timeout}. */
  public synchronized boolean awaitTexts(java.util.Collection<String> texts, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!takenTexts().containsAll(texts)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  private boolean awaitSize(List<BindingEvent> list, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (list.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** The number of the events taken so far. */
  public synchronized int takenCount() {
    return taken.size();
  }

  /** A copy of the attempts list, for a failure message. */
  public synchronized List<String> attemptTexts() {
    return new ArrayList<>(attempts.stream().map(EventLog::text).toList());
  }
}
