package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.components.kafka.KafkaServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bindings.kafka} in a sidecar process against a private broker: an output binding call ({@code create})
 * publishes to {@code publishTopic}, and the same component, reading that topic as an input binding, delivers the
 * event to the app with the record's key and headers as metadata; an event the app refused first comes again
 * ({@code consumeRetryEnabled}). The group starts at the oldest record: the call may come before the reader joined.
 */
class KafkaBindingsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void anOutputCallComesBackAsAnInputEventToTheApp() throws Exception {
    try (KafkaServer kafka = KafkaServer.start(); TestApp app = new TestApp(null)) {
      app.answer("/orders", n -> n == 2 ? new TestApp.Answer(500, "not yet") : new TestApp.Answer(200, ""));
      Path resources = Locations.newDirectory("kafka-bindings-resources");
      BindingsTest.write(resources.resolve("kafka.yaml"), BindingsTest.component("orders", "bindings.kafka",
          "brokers", kafka.brokers(), "authType", "none", "publishTopic", "orders", "topics", "orders",
          "consumerGroup", "it-kafka-bindings", "initialOffset", "oldest", "consumeRetryEnabled", "true", "consumeRetryInterval", "200ms"));
      try (SidecarProcess sidecar = SidecarProcess.withAppId("it-kafka-bindings").resources(resources)
          .args("--app-port", String.valueOf(app.port())).start()) {
        HttpResponse<String> r = new Http(sidecar).post("/v1.0/bindings/orders", "{\"operation\":\"create\","
            + "\"data\":{\"id\":7},\"metadata\":{\"partitionKey\":\"order-7\",\"source\":\"it\"}}");
        assertThat(r.statusCode()).as("answer: %s", r.body()).isBetween(200, 204);
        List<TestApp.Received> posts = app.await("/orders", 3, WAIT).stream()
            .filter(x -> x.method().equals("POST")).toList();
        assertThat(posts).as("refused once (500), then delivered again").hasSizeGreaterThanOrEqualTo(2);
        TestApp.Received taken = posts.get(posts.size() - 1);
        assertThat(taken.body()).isEqualTo("{\"id\":7}");
        assertThat(taken.header("__key")).isEqualTo("order-7");
        assertThat(taken.header("source")).isEqualTo("it");
        assertThat(taken.header("__topic")).isEqualTo("orders");
      }
    }
  }
}
