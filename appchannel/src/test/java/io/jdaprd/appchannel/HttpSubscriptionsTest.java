package io.jdaprd.appchannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.appchannel.AppChannelException;
import io.jdaprd.core.pubsub.routing.BulkSubscribeSpec;
import io.jdaprd.core.pubsub.routing.RouteRule;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /dapr/subscribe} on a real HTTP app. */
class HttpSubscriptionsTest {
  private static TestHttpApp app;
  private static AppChannel channel;

  @BeforeAll
  static void start() {
    app = TestHttpApp.start();
    channel = AppChannels.create(new AppChannelSettings("http", null, app.port(), "app-secret", -1,
        Duration.ofSeconds(5)));
  }

  @AfterAll
  static void stop() {
    channel.close();
    app.close();
  }

  private static void answer(int status, String body) {
    app.answer(r -> HttpResponse.of(HttpStatus.valueOf(status), MediaType.JSON_UTF_8, body));
  }

  @Test
  void readsV1AndV2SubscriptionsAndLeavesOutThoseWithoutRoute() throws Exception {
    answer(200, """
        [
          {"pubsubname":"pubsub","topic":"v1","route":"/v1-handler","metadata":{"rawPayload":"true"}},
          {"pubsubname":"pubsub","topic":"v2","route":"/ignored",
           "routes":{"rules":[{"match":" event.type == 'a' ","path":"/a"},{"match":"","path":"/b"}],
                     "default":"/fallback"},
           "deadLetterTopic":"dead",
           "bulkSubscribe":{"enabled":true,"maxMessagesCount":10,"maxAwaitDurationMs":50}},
          {"pubsubname":"pubsub","topic":"rulesOnly","routes":{"rules":[{"match":"true","path":"/r"}]}},
          {"pubsubname":"pubsub","topic":"v1Fallback","route":"/old","routes":{}},
          {"pubsubname":"pubsub","topic":"nowhere"},
          {"pubsubname":"pubsub","topic":"emptyRoutes","routes":{"rules":[]}}
        ]
        """);

    List<TopicSubscription> subscriptions = channel.topicSubscriptions();

    assertThat(app.nextRequest().headers().get("dapr-api-token")).isEqualTo("app-secret");
    assertThat(subscriptions).containsExactly(
        new TopicSubscription("pubsub", "v1", List.of(), "/v1-handler", Map.of("rawPayload", "true"), "",
            BulkSubscribeSpec.OFF, TopicSubscription.Source.PROGRAMMATIC),
        new TopicSubscription("pubsub", "v2", List.of(new RouteRule("event.type == 'a'", "/a"),
            new RouteRule("", "/b")), "/fallback", Map.of(), "dead", new BulkSubscribeSpec(true, 10, 50),
            TopicSubscription.Source.PROGRAMMATIC),
        new TopicSubscription("pubsub", "rulesOnly", List.of(new RouteRule("true", "/r")), "", Map.of(), "",
            BulkSubscribeSpec.OFF, TopicSubscription.Source.PROGRAMMATIC),
        new TopicSubscription("pubsub", "v1Fallback", List.of(), "/old", Map.of(), "", BulkSubscribeSpec.OFF,
            TopicSubscription.Source.PROGRAMMATIC));
  }

  @Test
  void anEmptyAnswerOr404MeansNone() throws Exception {
    answer(200, "");
    assertThat(channel.topicSubscriptions()).isEmpty();
    answer(200, "[]");
    assertThat(channel.topicSubscriptions()).isEmpty();
    answer(404, "not found");
    assertThat(channel.topicSubscriptions()).isEmpty();
  }

  @Test
  void anotherStatusIsAnError() {
    answer(500, "oops");
    assertThatThrownBy(channel::topicSubscriptions).isInstanceOf(AppChannelException.class)
        .hasMessageContaining("GET /dapr/subscribe").hasMessageContaining("500");
  }

  @Test
  void aBodyThatDoesNotParseIsAnError() {
    answer(200, "[{\"pubsubname\":");
    assertThatThrownBy(channel::topicSubscriptions).isInstanceOf(AppChannelException.class)
        .hasMessageContaining("does not parse");
    answer(200, "{\"pubsubname\":\"p\"}");
    assertThatThrownBy(channel::topicSubscriptions).isInstanceOf(AppChannelException.class)
        .hasMessageContaining("expected: a JSON array");
    answer(200, "[{\"pubsubname\":\"p\",\"topic\":5,\"route\":\"/x\"}]");
    assertThatThrownBy(channel::topicSubscriptions).isInstanceOf(AppChannelException.class)
        .hasMessageContaining("topic: 5 (expected: a string)");
    answer(200, "[{\"pubsubname\":\"p\",\"topic\":\"t\",\"route\":\"/x\",\"bulkSubscribe\":{\"enabled\":\"yes\"}}]");
    assertThatThrownBy(channel::topicSubscriptions).isInstanceOf(AppChannelException.class)
        .hasMessageContaining("bulkSubscribe.enabled");
  }

  @Test
  void anAppThatIsNotRunningIsAnError() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (AppChannel absent = AppChannels.create(new AppChannelSettings("http", null, closedPort, null, -1,
        Duration.ofSeconds(2)))) {
      assertThatThrownBy(absent::topicSubscriptions).isInstanceOf(AppChannelException.class)
          .hasMessageContaining("not reachable");
    }
  }
}
