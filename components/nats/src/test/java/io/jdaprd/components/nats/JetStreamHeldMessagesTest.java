package io.jdaprd.components.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Messages that wait behind a slow or failing handler for longer than {@code ackWait} are not delivered again: with
 * {@code concurrency=single} and an ack wait of 1 s, eight messages handled in 400 ms each wait up to 3 s, and each
 * must still reach the handler once (or, when its first attempt fails, be taken once after one retry).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JetStreamHeldMessagesTest {
  private static final int COUNT = 8;
  private static final long HANDLING_MILLIS = 400;
  private static final long WAIT_MILLIS = 20_000;
  /** More than twice the ack wait: a copy of any message would have come within it. */
  private static final long QUIET_MILLIS = 2_500;

  private NatsServer server;
  private final String unique = UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  void startServer() throws Exception {
    server = NatsServer.start();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("messages waiting behind a slow handler longer than ackWait reach it once")
  void waitingMessagesAreNotDeliveredAgain() throws Exception {
    Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();
    run("slow-" + unique, message -> {
      Thread.sleep(HANDLING_MILLIS);
      taken.computeIfAbsent(text(message), k -> new AtomicInteger()).incrementAndGet();
    }, taken);
  }

  @Test
  @DisplayName("messages waiting behind a failing handler longer than ackWait are taken once")
  void waitingMessagesBehindFailuresAreTakenOnce() throws Exception {
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();
    run("failing-" + unique, message -> {
      Thread.sleep(HANDLING_MILLIS);
      if (attempts.computeIfAbsent(text(message), k -> new AtomicInteger()).incrementAndGet() == 1) {
        throw new IllegalStateException("first attempt fails");
      }
      taken.computeIfAbsent(text(message), k -> new AtomicInteger()).incrementAndGet();
    }, taken);
  }

  private void run(String topic, MessageHandler handler, Map<String, AtomicInteger> taken) throws Exception {
    JetStreamPubSub pubSub = new JetStreamPubSub();
    pubSub.init(new ComponentMetadata("jetstream", JetStreamPubSub.TYPE, "v1", "app",
        Map.of("natsURL", server.url(), "ackWait", "1s")));
    try {
      Subscription subscription = pubSub.subscribe(new SubscribeRequest(topic, Map.of("consumerID", "reader")),
          handler);
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < COUNT; i++) {
        texts.add(topic + "-" + i);
        pubSub.publish(new PublishRequest(topic, texts.get(i).getBytes(StandardCharsets.UTF_8), "text/plain",
            Map.of()));
      }
      long deadline = System.currentTimeMillis() + WAIT_MILLIS;
      while (!taken.keySet().containsAll(texts) && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertThat(taken.keySet()).containsExactlyInAnyOrderElementsOf(texts);
      Thread.sleep(QUIET_MILLIS);
      for (String text : texts) {
        assertThat(taken.get(text).get()).as("times %s was taken", text).isEqualTo(1);
      }
      subscription.close();
    } finally {
      pubSub.close();
    }
  }

  private static String text(io.jdaprd.spi.pubsub.Message message) {
    return new String(message.data(), StandardCharsets.UTF_8);
  }
}
