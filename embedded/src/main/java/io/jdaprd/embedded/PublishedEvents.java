package io.jdaprd.embedded;

import io.jdaprd.core.pubsub.PublishTap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every event the sidecar's publish API handed to a broker since the sidecar started, in order: the publish tap of
 * an embedded sidecar. Kept in memory for the sidecar's life (a test's worth of events).
 */
public final class PublishedEvents implements PublishTap {
  private final List<PublishedEvent> events = new ArrayList<>();

  PublishedEvents() {
  }

  @Override
  public void published(String pubsub, String topic, byte[] data, String contentType, Map<String, String> metadata) {
    synchronized (events) {
      events.add(new PublishedEvent(pubsub, topic, data.clone(), contentType, Map.copyOf(metadata)));
      events.notifyAll();
    }
  }

  Topic topic(String pubsub, String topic) {
    return new Topic(pubsub, topic);
  }

  /** The events of one topic of one pub/sub. */
  public final class Topic {
    private final String pubsub;
    private final String topic;

    private Topic(String pubsub, String topic) {
      this.pubsub = pubsub;
      this.topic = topic;
    }

    /** The events published so far, oldest first. */
    public List<PublishedEvent> all() {
      synchronized (events) {
        return events.stream().filter(this::mine).toList();
      }
    }

    /**
     * The first event of the topic, waiting up to {@code timeout} for it.
     *
     * @throws AssertionError when none came in time
     */
    public PublishedEvent await(Duration timeout) {
      return await(1, timeout).getFirst();
    }

    /**
     * The first {@code count} events of the topic, waiting up to {@code timeout} for them.
     *
     * @throws AssertionError when fewer came in time (the message lists those that came)
     */
    public List<PublishedEvent> await(int count, Duration timeout) {
      List<PublishedEvent> got = awaitMatching(e -> true, count, timeout);
      return got.subList(0, count);
    }

    /**
     * The first event of the topic that {@code condition} accepts, waiting up to {@code timeout} for it.
     *
     * @throws AssertionError when none came in time
     */
    public PublishedEvent await(Predicate<PublishedEvent> condition, Duration timeout) {
      return awaitMatching(condition, 1, timeout).getFirst();
    }

    private List<PublishedEvent> awaitMatching(Predicate<PublishedEvent> condition, int count, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (events) {
        while (true) {
          List<PublishedEvent> matching = new ArrayList<>();
          for (PublishedEvent e : events) {
            if (mine(e) && condition.test(e)) {
              matching.add(e);
            }
          }
          if (matching.size() >= count) {
            return matching;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("expected " + count + " matching event(s) on " + pubsub + "/" + topic
                + " within " + timeout.toMillis() + " ms, got " + matching.size() + "; published there: " + all());
          }
          try {
            events.wait(Math.max(1, left / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while awaiting events on " + pubsub + "/" + topic, e);
          }
        }
      }
    }

    private boolean mine(PublishedEvent e) {
      return e.pubsub().equals(pubsub) && e.topic().equals(topic);
    }
  }
}
