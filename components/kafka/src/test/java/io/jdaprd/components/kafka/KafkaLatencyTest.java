package io.jdaprd.components.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Publish and publish-to-delivery latency at a steady 500 messages/s on a one-partition topic, the way the bench's
 * pub/sub scenario drives a sidecar: publishes from several threads at once, each waiting for its acknowledgement,
 * and a handler that takes about a millisecond (an app's HTTP round trip). A quiet machine shows single-digit
 * milliseconds and a loaded one (2 cores, load average 20) tens; the bounds are below what a consumer that waits out
 * the broker's fetch wait (500 ms) on each fetch, or a producer that blocks each send, shows. The percentiles are
 * printed for comparison with the bench.
 */
class KafkaLatencyTest {
  private static final int RATE = 500;
  private static final int COUNT = 1500;

  @Test
  @DisplayName("publishes and delivers at 500/s with latencies in milliseconds, not hundreds of them")
  void latencyAtFiveHundredPerSecond() throws Exception {
    try (KafkaServer server = KafkaServer.start()) {
      KafkaPubSub pubSub = new KafkaPubSub();
      pubSub.init(new ComponentMetadata("latency", KafkaPubSub.TYPE, "v1", "latency-app",
          Map.of("brokers", server.brokers(), "authType", "none")));
      try {
        measure(pubSub);
      } finally {
        pubSub.close();
      }
    }
  }

  private static void measure(KafkaPubSub pubSub) throws Exception {
    ConcurrentLinkedQueue<Long> delivered = new ConcurrentLinkedQueue<>();
    CountDownLatch all = new CountDownLatch(COUNT);
    Subscription s = pubSub.subscribe(new SubscribeRequest("latency", Map.of()), m -> {
      delivered.add(System.nanoTime() - ByteBuffer.wrap(m.data()).getLong());
      Thread.sleep(0, 800_000);
      all.countDown();
    });
    ConcurrentLinkedQueue<Long> published = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      long start = System.nanoTime();
      long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
      for (int i = 0; i < COUNT; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        pool.execute(() -> {
          byte[] data = ByteBuffer.allocate(1024).putLong(due).array();
          try {
            pubSub.publish(new PublishRequest("latency", data, "application/octet-stream", Map.of()));
            published.add(System.nanoTime() - due);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
      }
      assertThat(all.await(30, TimeUnit.SECONDS)).as("all delivered").isTrue();
    } finally {
      pool.shutdownNow();
      s.close();
    }
    long[] pub = percentiles(published);
    long[] del = percentiles(delivered);
    System.out.printf("kafka latency at %d/s: publish p50 %.1f ms p99 %.1f ms; delivery p50 %.1f ms p99 %.1f ms%n",
        RATE, pub[0] / 1e6, pub[1] / 1e6, del[0] / 1e6, del[1] / 1e6);
    assertThat(Duration.ofNanos(pub[0])).as("publish p50").isLessThan(Duration.ofMillis(250));
    assertThat(Duration.ofNanos(del[0])).as("delivery p50").isLessThan(Duration.ofMillis(400));
  }

  private static long[] percentiles(ConcurrentLinkedQueue<Long> values) {
    List<Long> list = new ArrayList<>(values);
    long[] sorted = list.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return new long[] {sorted[sorted.length / 2], sorted[Math.min(sorted.length - 1, sorted.length * 99 / 100)]};
  }
}
