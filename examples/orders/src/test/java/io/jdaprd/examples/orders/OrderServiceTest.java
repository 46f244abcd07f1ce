package io.jdaprd.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dapr.client.DaprClient;
import io.jdaprd.embedded.JdaprdSidecar;
import io.jdaprd.embedded.JdaprdTest;
import io.jdaprd.embedded.PublishedEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order service against an embedded jdaprd (one sidecar per test method, in-memory state and pub/sub): what it
 * stored is read from the sidecar's state store, what it published is awaited on the topic.
 */
@JdaprdTest(appId = "orders", perMethod = true)
class OrderServiceTest {
  @Test
  void placingAnOrderStoresItAndAnnouncesIt(JdaprdSidecar sidecar, DaprClient client) {
    new OrderService(client).place("1", "book", 2);

    assertThat(sidecar.state("statestore").get("order-1", Order.class))
        .hasValue(new Order("1", "book", 2, "PLACED"));
    PublishedEvent event = sidecar.published("pubsub", "orders").await(Duration.ofSeconds(2));
    assertThat(event.payload(Order.class)).isEqualTo(new Order("1", "book", 2, "PLACED"));
    assertThat(event.cloudEvent().get("source").asText()).isEqualTo("orders");
  }

  @Test
  void shippingUpdatesTheStoredOrderAndAnnouncesItAgain(JdaprdSidecar sidecar, DaprClient client) {
    OrderService service = new OrderService(client);
    service.place("2", "pen", 10);
    service.ship("2");

    assertThat(service.find("2")).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo("SHIPPED"));
    List<PublishedEvent> events = sidecar.published("pubsub", "orders").await(2, Duration.ofSeconds(2));
    assertThat(events).extracting(e -> e.payload(Order.class).status()).containsExactly("PLACED", "SHIPPED");
  }

  @Test
  void aRefusedOrderLeavesNothingBehind(JdaprdSidecar sidecar, DaprClient client) {
    assertThatThrownBy(() -> new OrderService(client).place("3", "cup", 0))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(sidecar.state("statestore").contains("order-3")).isFalse();
    assertThat(sidecar.published("pubsub", "orders").all()).isEmpty();
  }

  @Test
  void shippingAnUnknownOrderFails(DaprClient client) {
    assertThatThrownBy(() -> new OrderService(client).ship("nope")).hasMessageContaining("no order nope");
  }
}
