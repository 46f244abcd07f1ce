package io.jdaprd.components.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingReader;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import io.jdaprd.spi.testkit.backend.FaultProxy;
import io.jdaprd.spi.testkit.bindings.EventLog;
import io.jdaprd.spi.testkit.pubsub.Inbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What pubsub.mqtt3 and bindings.mqtt3 do beyond the conformance suites, against a private mosquitto. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttBehaviourTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration RECONNECT_STALL = Duration.ofSeconds(2);
  private MosquittoServer server;

  @BeforeAll
  void startServer() throws Exception {
    server = MosquittoServer.start();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private MqttPubSub pubSub(Map<String, String> extra) throws Exception {
    Map<String, String> md = new HashMap<>(extra);
    md.put("url", server.url());
    MqttPubSub p = new MqttPubSub();
    p.init(new ComponentMetadata("mq", MqttPubSub.TYPE, "v1", unique("app"), md));
    return p;
  }

  private static PublishRequest text(String topic, String text, Map<String, String> metadata) {
    return new PublishRequest(topic, text.getBytes(StandardCharsets.UTF_8), "text/plain", metadata);
  }

  @Test
  @DisplayName("a persistent session keeps what is published while its client is away, across a broker restart")
  void sessionSurvivesAbsenceAndRestart() throws Exception {
    String topic = unique("kept");
    String consumer = unique("away");
    try (MqttPubSub first = pubSub(Map.of())) {
      first.subscribe(new SubscribeRequest(topic, Map.of("consumerID", consumer)), new Inbox()).close();
    }
    try (MqttPubSub publisher = pubSub(Map.of())) {
      for (int i = 0; i < 5; i++) {
        publisher.publish(text(topic, "away-" + i, Map.of()));
      }
    }
    server.restart();
    try (MqttPubSub back = pubSub(Map.of())) {
      Inbox inbox = new Inbox();
      back.subscribe(new SubscribeRequest(topic, Map.of("consumerID", consumer)), inbox);
      assertThat(inbox.awaitTexts(Set.of("away-0", "away-1", "away-2", "away-3", "away-4"), WAIT))
          .as("QoS 1 messages queued for the client id survive its absence and a broker restart; got %s",
              inbox.textCounts()).isTrue();
    }
  }

  @Test
  @DisplayName("a message whose handler failed is sent again by the broker to the next client with the same id")
  void unacknowledgedMessageComesBackAfterReconnect() throws Exception {
    String topic = unique("unacked");
    String consumer = unique("flaky");
    Inbox failing = new Inbox(m -> {
      throw new IllegalStateException("refused on purpose");
    });
    try (MqttPubSub first = pubSub(Map.of())) {
      first.subscribe(new SubscribeRequest(topic, Map.of("consumerID", consumer)), failing);
      first.publish(text(topic, "stubborn", Map.of()));
      assertThat(failing.awaitAttempts(1, WAIT)).isTrue();
    }
    try (MqttPubSub second = pubSub(Map.of())) {
      Inbox inbox = new Inbox();
      second.subscribe(new SubscribeRequest(topic, Map.of("consumerID", consumer)), inbox);
      assertThat(inbox.awaitTexts(Set.of("stubborn"), WAIT))
          .as("the broker sends an unacknowledged message again when the session resumes").isTrue();
    }
  }

  @Test
  @DisplayName("unsubscribeOnClose: true makes the broker forget the subscription when it closes")
  void unsubscribeOnClose() throws Exception {
    String topic = unique("forget");
    String consumer = unique("leaver");
    try (MqttPubSub p = pubSub(Map.of())) {
      Map<String, String> md = Map.of("consumerID", consumer, "unsubscribeOnClose", "true");
      p.subscribe(new SubscribeRequest(topic, md), new Inbox()).close();
      p.publish(text(topic, "unheard", Map.of()));
      Inbox inbox = new Inbox();
      Subscription again = p.subscribe(new SubscribeRequest(topic, md), inbox);
      p.publish(text(topic, "heard", Map.of()));
      assertThat(inbox.awaitTexts(Set.of("heard"), WAIT)).isTrue();
      Thread.sleep(300);
      assertThat(inbox.textCounts()).as("published while unsubscribed: not kept").doesNotContainKey("unheard");
      again.close();
    }
  }

  @Test
  @DisplayName("retain metadata keeps the message for later subscribers, flagged retained; a bad value is refused")
  void retain() throws Exception {
    String topic = unique("retained");
    try (MqttPubSub p = pubSub(Map.of())) {
      p.publish(text(topic, "last word", Map.of("retain", "true")));
      Inbox inbox = new Inbox();
      p.subscribe(new SubscribeRequest(topic, Map.of("consumerID", unique("late"))), inbox);
      assertThat(inbox.awaitTexts(Set.of("last word"), WAIT)).isTrue();
      assertThat(inbox.deliveries().get(0).metadata()).containsEntry("retained", "true");
      assertThatThrownBy(() -> p.publish(text(topic, "x", Map.of("retain", "maybe"))))
          .isInstanceOf(PubSubException.class).hasMessageContaining("invalid retain maybe");
    }
  }

  @Test
  @DisplayName("a wildcard subscription gets the messages of every matching topic, each with its own topic")
  void wildcards() throws Exception {
    String base = unique("sensors");
    try (MqttPubSub p = pubSub(Map.of())) {
      Inbox inbox = new Inbox();
      p.subscribe(new SubscribeRequest(base + "/+/temp", Map.of("consumerID", unique("w"))), inbox);
      p.publish(text(base + "/a/temp", "a", Map.of()));
      p.publish(text(base + "/a/humidity", "h", Map.of()));
      p.publish(text(base + "/b/temp", "b", Map.of()));
      assertThat(inbox.awaitTexts(Set.of("a", "b"), WAIT)).isTrue();
      Thread.sleep(300);
      assertThat(inbox.textCounts()).doesNotContainKey("h");
      assertThat(inbox.deliveries()).extracting(m -> m.topic())
          .containsExactlyInAnyOrder(base + "/a/temp", base + "/b/temp");
    }
  }

  @Test
  @DisplayName("the input binding reads a wildcard topic and tells each event's topic; output publishes to it")
  void bindingWildcardAndOutput() throws Exception {
    String base = unique("devices");
    Map<String, String> md = Map.of("url", server.url(), "topic", base + "/#", "consumerID", unique("binding"));
    try (MqttBinding in = new MqttBinding(); MqttBinding out = new MqttBinding()) {
      in.init(new ComponentMetadata("in", MqttBinding.TYPE, "v1", "app", md));
      out.init(new ComponentMetadata("out", MqttBinding.TYPE, "v1", "app",
          Map.of("url", server.url(), "topic", base + "/default", "consumerID", unique("writer"))));
      EventLog log = new EventLog();
      BindingReader reader = in.read(log);
      out.invoke(new io.jdaprd.spi.bindings.BindingRequest("create", "d".getBytes(StandardCharsets.UTF_8),
          Map.of()));
      out.invoke(new io.jdaprd.spi.bindings.BindingRequest("create", "x".getBytes(StandardCharsets.UTF_8),
          Map.of("topic", base + "/x/y")));
      assertThat(log.awaitTexts(List.of("d", "x"), WAIT)).isTrue();
      assertThat(log.taken()).extracting(e -> e.metadata().get("topic"))
          .containsExactlyInAnyOrder(base + "/default", base + "/x/y");
      assertThatThrownBy(() -> in.read(new EventLog())).hasMessageContaining("already active");
      reader.close();
    }
  }

  private static MqttSettings settings(String url) throws Exception {
    return MqttSettings.forPubSub(new ComponentMetadata("mq", MqttPubSub.TYPE, "v1", "reconnect-test",
        Map.of("url", url)));
  }

  private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  @Test
  @DisplayName("a reconnect attempt that never hears back is dropped and tried again, and the subscription resumes")
  void aReconnectWithNoAnswerIsDroppedAndTriedAgain() throws Exception {
    String topic = unique("watched");
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    try (FaultProxy proxy = FaultProxy.start("mosquitto", server.port());
        MqttLink link = new MqttLink(settings("tcp://" + proxy.address()), unique("watched"),
            Redelivery.untilHandled(), RECONNECT_STALL);
        MqttLink publisher = new MqttLink(settings(server.url()), unique("publisher"), Redelivery.untilHandled())) {
      link.connect();
      publisher.connect();
      link.subscribe(topic, arrival -> received.add(new String(arrival.payload(), StandardCharsets.UTF_8)), false);

      proxy.blackhole().reset();
      assertThat(await(() -> proxy.acceptedConnections() >= 2, Duration.ofSeconds(10)))
          .as("Paho's first reconnect attempt reaches the proxy").isTrue();
      // That attempt never gets its CONNACK (Paho's connection timeout bounds the TCP connect only) and never fails:
      // Paho alone would wait for it forever. New connections pass.
      proxy.strand().heal();
      assertThat(link.isConnected()).as("the attempt is held").isFalse();

      assertThat(await(link::isConnected, RECONNECT_STALL.multipliedBy(6)))
          .as("the link drops the attempt that got no answer and connects again").isTrue();
      assertThat(proxy.acceptedConnections()).as("on a new connection").isGreaterThanOrEqualTo(3);
      publisher.publish(topic, "after".getBytes(StandardCharsets.UTF_8), 1, false);
      assertThat(received.poll(20, TimeUnit.SECONDS))
          .as("the subscription made before the fault receives again").isEqualTo("after");
    }
  }
}
