package io.jdaprd.appchannel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.pubsub.delivery.BulkEventReply;
import io.jdaprd.core.pubsub.delivery.EventReply;
import io.jdaprd.core.pubsub.delivery.EventStatus;
import io.jdaprd.core.pubsub.delivery.TopicEventDelivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Event and bulk delivery to a real HTTP app: the request daprd sends and every reply rule of spec §3.5. */
class HttpAppChannelTest {
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

  @BeforeEach
  void reset() {
    app.requests.clear();
    app.delay(Duration.ZERO);
  }

  private static void answer(int status, String body) {
    app.answer(r -> HttpResponse.of(HttpStatus.valueOf(status), MediaType.JSON_UTF_8, body));
  }

  @Test
  void postsTheCloudEventToThePathWithDaprsHeaders() throws Exception {
    answer(200, "");
    TopicEventDelivery event = new TopicEventDelivery("orders/new", "pubsub", "orders",
        Events.cloudEventJson("e1", "{\"orderId\":1}").getBytes(StandardCharsets.UTF_8),
        Events.parse(Events.cloudEventJson("e1", "{\"orderId\":1}")),
        Map.of("pubsubName", "pubsub", "Redis-Stream-Id", "1-0", "Content-Length", "99", "Connection", "close"));

    assertThat(channel.deliver(event)).isEqualTo(EventReply.SUCCESS);

    AggregatedHttpRequest request = app.nextRequest();
    assertThat(request.method().name()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/orders/new");
    assertThat(request.contentType().toString()).isEqualTo("application/cloudevents+json");
    assertThat(request.contentUtf8()).isEqualTo(Events.cloudEventJson("e1", "{\"orderId\":1}"));
    assertThat(request.headers().get("pubsubname")).isEqualTo("pubsub");
    assertThat(request.headers().get("redis-stream-id")).isEqualTo("1-0");
    assertThat(request.headers().get("connection")).isNull();
    assertThat(request.headers().get("traceparent")).isEqualTo(Events.TRACEPARENT);
    assertThat(request.headers().get("tracestate")).isEqualTo("k=v");
    assertThat(request.headers().get("dapr-api-token")).isEqualTo("app-secret");
  }

  @Test
  void theMessagesTraceparentWinsOverTheCloudEvents() throws Exception {
    answer(200, "");
    String json = Events.cloudEventJson("e2", "1");
    String own = "00-11111111111111111111111111111111-2222222222222222-01";
    channel.deliver(new TopicEventDelivery("/t", "pubsub", "orders", json.getBytes(StandardCharsets.UTF_8),
        Events.parse(json), Map.of("pubsubName", "pubsub", "traceparent", own)));

    AggregatedHttpRequest request = app.nextRequest();
    assertThat(request.headers().get("traceparent")).isEqualTo(own);
    assertThat(request.headers().get("tracestate")).isNull();
  }

  @Test
  void aChannelWithoutTokenSendsNone() throws Exception {
    answer(200, "");
    try (AppChannel plain = AppChannels.create(new AppChannelSettings("http", "127.0.0.1", app.port(), null, -1,
        null))) {
      assertThat(plain.deliver(Events.delivery("/x")).status()).isEqualTo(EventStatus.SUCCESS);
    }
    assertThat(app.nextRequest().headers().contains("dapr-api-token")).isFalse();
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "200 | ``                      | SUCCESS | false",
      "204 | ``                      | SUCCESS | false",
      "200 | not json                | SUCCESS | false",
      "200 | [1,2]                   | SUCCESS | false",
      "200 | {\"status\":5}          | SUCCESS | false",
      "200 | {}                      | SUCCESS | false",
      "200 | {\"status\":\"\"}       | SUCCESS | false",
      "200 | {\"status\":\"SUCCESS\"} | SUCCESS | false",
      "201 | {\"Status\":\"SUCCESS\"} | SUCCESS | false",
      "200 | {\"status\":\"RETRY\"}  | RETRY   | false",
      "200 | {\"status\":\"DROP\"}   | DROP    | true",
      "200 | {\"status\":\"drop\"}   | RETRY   | false",
      "200 | {\"status\":\"LATER\"}  | RETRY   | false",
      "404 | ``                      | DROP    | true",
      "400 | {\"status\":\"SUCCESS\"} | RETRY   | false",
      "500 | boom                    | RETRY   | false",
      "503 | ``                      | RETRY   | false",
  })
  void repliesFollowDaprsRules(int status, String body, EventStatus expected, boolean deadLetter) {
    answer(status, body == null ? "" : body);
    EventReply reply = channel.deliver(Events.delivery("/r"));
    assertThat(reply.status()).isEqualTo(expected);
    assertThat(reply.deadLetter()).isEqualTo(deadLetter);
    if (expected != EventStatus.SUCCESS) {
      assertThat(reply.reason()).isNotEmpty();
    }
  }

  @Test
  void aFailedReplyNamesTheStatus() {
    answer(500, "database down");
    assertThat(channel.deliver(Events.delivery("/r")).reason()).contains("500").contains("database down");
  }

  @Test
  void bulkPostsDaprsBulkBody() throws Exception {
    answer(200, "{\"statuses\":[{\"entryId\":\"a\",\"status\":\"SUCCESS\"},{\"entryId\":\"b\",\"status\":\"SUCCESS\"}]}");
    BulkEventReply reply = channel.deliverBulk(Events.batch("bulk", "a", "b"));
    assertThat(reply.statuses()).containsExactlyInAnyOrderEntriesOf(Map.of("a", EventStatus.SUCCESS,
        "b", EventStatus.SUCCESS));
    assertThat(reply.reason()).isEmpty();

    AggregatedHttpRequest request = app.nextRequest();
    assertThat(request.path()).isEqualTo("/bulk");
    assertThat(request.contentType().toString()).startsWith("application/json");
    assertThat(request.headers().get("dapr-api-token")).isEqualTo("app-secret");
    assertThat(request.headers().get("pubsubname")).isEqualTo("pubsub");
    JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.contentUtf8());
    assertThat(body.get("id").asText()).isEqualTo("batch-1");
    assertThat(body.get("type").asText()).isEqualTo("com.dapr.event.sent.bulk");
    assertThat(body.get("topic").asText()).isEqualTo("orders");
    assertThat(body.get("pubsubname").asText()).isEqualTo("pubsub");
    assertThat(body.get("metadata").get("pubsubName").asText()).isEqualTo("pubsub");
    JsonNode first = body.get("entries").get(0);
    assertThat(first.get("entryId").asText()).isEqualTo("a");
    assertThat(first.get("event").get("id").asText()).isEqualTo("ce-a");
    assertThat(first.get("event").get("data").get("n").asText()).isEqualTo("a");
    assertThat(first.get("metadata").get("k").asText()).isEqualTo("v-a");
    assertThat(first.get("contentType").asText()).isEqualTo("application/cloudevents+json");
  }

  @Test
  void bulkEntriesMissingOrWithoutStatusAreRetried() {
    answer(200, "{\"statuses\":[{\"entryId\":\"a\",\"status\":\"SUCCESS\"},{\"entryId\":\"b\",\"status\":\"DROP\"},"
        + "{\"entryId\":\"c\",\"status\":\"\"},{\"entryId\":\"d\",\"status\":\"RETRY\"},"
        + "{\"entryId\":\"e\",\"status\":\"MAYBE\"},{\"entryId\":\"stranger\",\"status\":\"SUCCESS\"}]}");
    BulkEventReply reply = channel.deliverBulk(Events.batch("/bulk", "a", "b", "c", "d", "e", "f"));
    assertThat(reply.statuses()).containsExactlyInAnyOrderEntriesOf(Map.of("a", EventStatus.SUCCESS,
        "b", EventStatus.DROP, "c", EventStatus.RETRY, "d", EventStatus.RETRY, "e", EventStatus.RETRY,
        "f", EventStatus.RETRY));
  }

  @ParameterizedTest(name = "{0} {1} -> all {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "404 | ``                 | DROP",
      "500 | ``                 | RETRY",
      "200 | ``                 | RETRY",
      "200 | not json           | RETRY",
      "200 | {\"statuses\":5}   | RETRY",
      "200 | {}                 | RETRY",
  })
  void bulkFailuresApplyToEveryEntry(int status, String body, EventStatus expected) {
    answer(status, body == null ? "" : body);
    BulkEventReply reply = channel.deliverBulk(Events.batch("/bulk", "a", "b"));
    assertThat(reply.statuses()).containsExactlyInAnyOrderEntriesOf(Map.of("a", expected, "b", expected));
  }
}
