package io.jdaprd.bench.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.client.DaprClient;
import io.dapr.client.domain.State;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 20 tests the {@code embedded} scenario times, the same against either sidecar: 8 of state, 6 of pub/sub (events
 * reach the app's subscription), 6 of an actor reminder that must fire three times. Subclasses give the sidecar and
 * how time passes: {@link EmbeddedOrdersTests} moves the embedded sidecar's clock by a day per tick,
 * {@link ProcessOrdersTests} waits a real second per tick.
 */
abstract class OrdersTests {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The sidecar's HTTP endpoint. */
  abstract String httpEndpoint();

  /** The SDK client of the sidecar. */
  abstract DaprClient client();

  /** The app behind the sidecar. */
  abstract BenchApp app();

  /** The reminder period, and how one period passes. */
  abstract Duration period();

  abstract void pass(Duration d) throws InterruptedException;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5})
  void stateIsSavedAndReadBack(int i) {
    client().saveState("statestore", "order-" + i, Map.of("id", i, "item", "book")).block();
    State<Map> s = client().getState("statestore", "order-" + i, Map.class).block();
    assertEquals("book", s.getValue().get("item"));
  }

  @Test
  void aStaleEtagIsRefused() {
    client().saveState("statestore", "etag", "v1").block();
    String etag = client().getState("statestore", "etag", String.class).block().getEtag();
    client().saveState("statestore", "etag", etag, "v2", null).block();
    boolean refused = false;
    try {
      client().saveState("statestore", "etag", etag, "v3", null).block();
    } catch (RuntimeException e) {
      refused = true;
    }
    assertTrue(refused);
  }

  @Test
  void deletedStateIsGone() {
    client().saveState("statestore", "gone", "x").block();
    client().deleteState("statestore", "gone").block();
    assertNull(client().getState("statestore", "gone", String.class).block().getValue());
  }

  @Test
  void bulkReadsSeveralKeys() {
    client().saveState("statestore", "b1", "one").block();
    client().saveState("statestore", "b2", "two").block();
    List<State<String>> got = client().getBulkState("statestore", List.of("b1", "b2"), String.class).block();
    assertEquals(List.of("one", "two"), got.stream().map(State::getValue).toList());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void publishedEventsReachTheSubscriber(int i) throws InterruptedException {
    String marker = "event-" + i + "-" + System.nanoTime();
    client().publishEvent("pubsub", "orders", Map.of("marker", marker)).block();
    await(() -> app().events.stream().anyMatch(e -> e.contains(marker)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void aReminderFiresOncePerPeriod(int i) throws Exception {
    String id = "r" + i + "-" + System.nanoTime();
    String p = period().toMillis() + "ms";
    HttpResponse<String> r = createReminder(id, "{\"dueTime\":\"" + p + "\",\"period\":\"" + p + "\"}");
    assertEquals(204, r.statusCode(), r.body());
    for (int tick = 1; tick <= 3; tick++) {
      pass(period());
      int expected = tick;
      await(() -> app().reminders.stream().filter(s -> s.startsWith(id + ":")).count() >= expected);
    }
    HTTP.send(HttpRequest.newBuilder(URI.create(httpEndpoint() + "/v1.0/actors/Order/" + id + "/reminders/tick"))
        .DELETE().build(), HttpResponse.BodyHandlers.discarding());
  }

  private HttpResponse<String> createReminder(String id, String body) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(httpEndpoint() + "/v1.0/actors/Order/" + id
          + "/reminders/tick")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 204 || System.nanoTime() > deadline) {
        return r;
      }
      Thread.sleep(20); // the app's actor types are not hosted yet
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not reached within 10 s");
      Thread.sleep(1);
    }
  }
}
