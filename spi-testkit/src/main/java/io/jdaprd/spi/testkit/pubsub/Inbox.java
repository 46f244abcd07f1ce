package io.jdaprd.spi.testkit.pubsub;

import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A {@link MessageHandler} that records what it is given, for checks to wait on. Every call is an <em>attempt</em>;
 * an attempt whose {@code behaviour} returned normally is a <em>delivery</em> (the message was acknowledged). The
 * behaviour runs first and may block or throw; by default it does nothing. Thread-safe.
 */
public final class Inbox implements MessageHandler {
  private final MessageHandler behaviour;
  private final List<Message> attempts = new ArrayList<>();
  private final List<Message> deliveries = new ArrayList<>();

  /** An inbox that acknowledges every message. */
  public Inbox() {
    this(message -> { });
  }

  /** An inbox that runs {@code behaviour} on every message before recording it; a throw is not a delivery. */
  public Inbox(MessageHandler behaviour) {
    this.behaviour = behaviour;
  }

  @Override
  public void handle(Message message) throws Exception {
    synchronized (this) {
      attempts.add(message);
      notifyAll();
    }
    behaviour.handle(message);
    synchronized (this) {
      deliveries.add(message);
      notifyAll();
    }
  }

  /** The messages handled successfully, in the order the handler returned. */
  public synchronized List<Message> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Every call of the handler, including those whose behaviour threw or has not returned yet. */
  public synchronized List<Message> attempts() {
    return List.copyOf(attempts);
  }

  /** The payloads of {@link #deliveries()} as UTF-8 text. */
  public synchronized List<String> texts() {
    return deliveries.stream().map(Inbox::text).toList();
  }

  /** How often each payload (as UTF-8 text) was delivered, in first-delivery order. */
  public synchronized Map<String, Integer> textCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Message m : deliveries) {
      counts.merge(text(m), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Waits until every text of {@code expected} was delivered at least once, or {@code timeout} passed.
   *
   * @return whether all arrived
   */
  public boolean awaitTexts(Set<String> expected, Duration timeout) throws InterruptedException {
    return await(inbox -> inbox.textCounts().keySet().containsAll(expected), timeout);
  }

  /** Waits until at least {@code count} deliveries were recorded, or {@code timeout} passed. */
  public boolean awaitDeliveries(int count, Duration timeout) throws InterruptedException {
    return await(inbox -> inbox.deliveries.size() >= count, timeout);
  }

  /** Waits until at least {@code count} attempts were recorded, or {@code timeout} passed. */
  public boolean awaitAttempts(int count, Duration timeout) throws InterruptedException {
    return await(inbox -> inbox.attempts.size() >= count, timeout);
  }

  /**
   * Waits until {@code condition} holds for this inbox (tested under its lock, after every change), or
   * {@code timeout} passed.
   *
   * @return whether the condition held in time
   */
  public synchronized boolean await(Predicate<Inbox> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(this)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      long millis = Math.max(1, left / 1_000_000);
      wait(Math.min(millis, 200));
    }
    return true;
  }

  /** The payload of {@code message} as UTF-8 text. */
  public static String text(Message message) {
    return new String(message.data(), StandardCharsets.UTF_8);
  }
}
