package io.jdaprd.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.embedded.JdaprdExtension;
import io.jdaprd.embedded.JdaprdSidecar;
import io.jdaprd.embedded.PublishedEvent;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order app with its actor against an embedded jdaprd on a clock the test moves: an order not shipped within a
 * day is cancelled by the actor's reminder, in milliseconds of real time. One sidecar for the class (the actors SDK
 * keeps one runtime per JVM); each test uses its own order ids.
 */
class ShippingDeadlineTest {
  private static final int APP_PORT = freePort();

  @RegisterExtension
  static final JdaprdExtension DAPR = new JdaprdExtension(JdaprdSidecar.builder().withAppName("orders")
      .withAppPort(APP_PORT).withAppReadyTimeout(Duration.ZERO).withControlledClock());

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static OrdersApp app;

  @BeforeAll
  static void startApp(JdaprdSidecar sidecar) throws Exception {
    app = OrdersApp.start(APP_PORT, sidecar.getHttpPort(), sidecar.getGrpcPort());
    sidecar.awaitAppReady(Duration.ofSeconds(10));
  }

  @AfterAll
  static void stopApp() throws Exception {
    app.close();
  }

  @Test
  void anOrderNotShippedWithinADayIsCancelled(JdaprdSidecar sidecar) {
    app.place("late", "lamp", 1);
    sidecar.clock().advance(Duration.ofHours(23));
    assertThat(sidecar.state("statestore").get("order-late", Order.class)).map(Order::status).hasValue("PLACED");

    sidecar.clock().advance(Duration.ofHours(1));
    List<PublishedEvent> events = sidecar.published("pubsub", "orders").await(2, Duration.ofSeconds(5));
    assertThat(events).extracting(e -> e.payload(Order.class)).extracting(Order::id, Order::status)
        .contains(org.assertj.core.groups.Tuple.tuple("late", "CANCELLED"));
    assertThat(sidecar.state("statestore").get("order-late", Order.class)).map(Order::status)
        .hasValue("CANCELLED");
  }

  @Test
  void anOrderShippedInTimeStaysShippedWhenTheReminderFires(JdaprdSidecar sidecar) throws Exception {
    app.place("quick", "pen", 2);
    app.orders().ship("quick");
    assertThat(reminderStatus(sidecar, "quick")).as("the reminder is registered").isEqualTo(200);

    sidecar.clock().advance(Duration.ofDays(1));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (reminderStatus(sidecar, "quick") == 200 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(reminderStatus(sidecar, "quick")).as("the reminder fired and the actor removed it").isNotEqualTo(200);
    assertThat(sidecar.state("statestore").get("order-quick", Order.class)).map(Order::status).hasValue("SHIPPED");
    assertThat(sidecar.published("pubsub", "orders").all()).extracting(e -> e.payload(Order.class))
        .noneMatch(o -> o.id().equals("quick") && o.status().equals("CANCELLED"));
  }

  /** The HTTP status of {@code GET} on the order's reminder (the Java SDK has no reminder reads). */
  private static int reminderStatus(JdaprdSidecar sidecar, String orderId) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(sidecar.getHttpEndpoint() + "/v1.0/actors/"
        + ShippingDeadline.TYPE + "/" + orderId + "/reminders/" + ShippingDeadlineActor.REMINDER)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
