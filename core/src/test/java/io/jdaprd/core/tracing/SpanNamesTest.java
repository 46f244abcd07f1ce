package io.jdaprd.core.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** daprd's span names and API-group attributes for HTTP API calls. */
class SpanNamesTest {
  @Test
  void invocationIsNamedCallLocal() {
    Map<String, String> attrs = new HashMap<>();
    assertThat(SpanNames.http("POST", "/v1.0/invoke/orders/method/new/item", null, attrs))
        .isEqualTo("CallLocal/orders/new/item");
    assertThat(attrs).containsEntry("rpc.service", "ServiceInvocation").containsEntry("net.peer.name", "orders");
    assertThat(SpanNames.http("GET", "/shop/cart", "orders", new HashMap<>())).isEqualTo("CallLocal/orders/shop/cart");
  }

  @Test
  void actorMethodsAreNamedCallActor() {
    Map<String, String> attrs = new HashMap<>();
    assertThat(SpanNames.http("PUT", "/v1.0/actors/Cart/c1/method/add", null, attrs)).isEqualTo(
        "CallActor/Cart/add");
    assertThat(attrs).containsEntry("dapr.actor", "Cart.c1");
  }

  @Test
  void otherApisKeepThePathWithTheirGroupsAttributes() {
    Map<String, String> attrs = new HashMap<>();
    assertThat(SpanNames.http("GET", "/v1.0/state/store/k1", null, attrs)).isEqualTo("/v1.0/state/store/k1");
    assertThat(attrs).containsEntry("db.system", "state").containsEntry("db.name", "store")
        .containsEntry("db.connection_string", "state").containsEntry("db.statement", "GET /v1.0/state/store/k1");
    attrs.clear();
    assertThat(SpanNames.http("POST", "/v1.0/publish/pubsub/orders", null, attrs))
        .isEqualTo("/v1.0/publish/pubsub/orders");
    assertThat(attrs).containsEntry("messaging.system", "pubsub").containsEntry("messaging.destination.name",
        "orders");
    attrs.clear();
    assertThat(SpanNames.http("POST", "/v1.0/bindings/out", null, attrs)).isEqualTo("/v1.0/bindings/out");
    assertThat(attrs).containsEntry("db.system", "bindings").containsEntry("db.name", "out");
    assertThat(SpanNames.http("GET", "/v1.0/metadata", null, new HashMap<>())).isEqualTo("/v1.0/metadata");
    assertThat(SpanNames.pubsub("orders")).isEqualTo("pubsub/orders");
    assertThat(SpanNames.bindings("cron")).isEqualTo("bindings/cron");
  }
}
