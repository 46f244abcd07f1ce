package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.components.redis.RedisServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retries exhausted, then the dead-letter topic: on a durable broker ({@code pubsub.redis}, a private
 * {@code redis-server}) an event the app keeps answering 500 is delivered the sidecar's number of times and then
 * published, unchanged, to the subscription's dead-letter topic, whose route receives it; the original topic's
 * route is not called again.
 */
class DeadLetterAfterRetriesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBSCRIBE = """
      [{"pubsubname":"pubsub","topic":"failing","route":"/failing","deadLetterTopic":"poison"},
       {"pubsubname":"pubsub","topic":"poison","route":"/poison"}]
      """;

  @Test
  void anEventTheAppNeverTakesEndsOnTheDeadLetterTopic() throws Exception {
    try (RedisServer redis = RedisServer.startDurable(); TestApp app = new TestApp(SUBSCRIBE)) {
      app.answer("/failing", n -> new TestApp.Answer(500, "database down"));
      try (SidecarProcess sidecar = SidecarProcess.withAppId("it-dead-letter")
          .resources(PubSubComponent.write("pubsub", "pubsub.redis", Map.of("redisHost", "127.0.0.1:" + redis.port(),
              "redeliverInterval", "1s", "processingTimeout", "2s")))
          .args("--app-port", String.valueOf(app.port())).start()) {
        HttpResponse<String> r = new Http(sidecar).post("/v1.0/publish/pubsub/failing", "{\"orderId\":42}",
            "content-type", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);

        TestApp.Received dead = app.await("/poison", 1, Duration.ofSeconds(30)).getFirst();
        JsonNode event = JSON.readTree(dead.body());
        assertThat(event.path("topic").asText()).as("the original event, unchanged").isEqualTo("failing");
        assertThat(event.path("data").path("orderId").asInt()).isEqualTo(42);
        int attempts = app.requests("/failing").size();
        assertThat(attempts).as("delivered the sidecar's number of times first").isEqualTo(3);
        Thread.sleep(3000);
        assertThat(app.requests("/failing")).as("not redelivered once dead-lettered").hasSize(attempts);
        assertThat(app.requests("/poison")).hasSize(1);
      }
    }
  }
}
