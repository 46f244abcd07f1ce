package io.jdaprd.api.http.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** How the HTTP API finds the target app and method, as daprd's {@code findTargetIDAndMethod}. */
class InvokeTargetTest {

  @Test
  void thePathNamesTheTargetAndTheCleanedMethod() {
    assertThat(InvokeRoutes.target("/v1.0/invoke/orders/method/a/../b//c", null, null))
        .isEqualTo(new InvokeRoutes.Target("orders", "b/c", false));
    assertThat(InvokeRoutes.target("/v1.0/invoke/orders.prod/method/", null, null))
        .isEqualTo(new InvokeRoutes.Target("orders.prod", "", false));
    assertThat(InvokeRoutes.target("/v1.0/invoke/http%3A%2F%2Fexample.com/method/x", null, null).appId())
        .isEqualTo("http://example.com");
  }

  @Test
  void theHeaderWinsOverThePathAndTakesTheWholePath() {
    assertThat(InvokeRoutes.target("/v1.0/invoke/orders/method/x", "billing", null))
        .isEqualTo(new InvokeRoutes.Target("billing", "v1.0/invoke/orders/method/x", true));
  }

  @Test
  void basicCredentialsNameTheTarget() {
    String basic = "Basic " + Base64.getEncoder().encodeToString("Dapr-App-Id:orders".getBytes(
        StandardCharsets.UTF_8));
    assertThat(InvokeRoutes.target("/orders/1", null, basic)).isEqualTo(new InvokeRoutes.Target("orders",
        "orders/1", false));
    String other = "Basic " + Base64.getEncoder().encodeToString("user:pw".getBytes(StandardCharsets.UTF_8));
    assertThat(InvokeRoutes.target("/orders/1", null, other).appId()).isNull();
  }

  @Test
  void theRawQueryIsKept() {
    assertThat(InvokeRoutes.rawQuery("/v1.0/invoke/a/method/b?x=1&y=%2F")).isEqualTo("x=1&y=%2F");
    assertThat(InvokeRoutes.rawQuery("/v1.0/invoke/a/method/b")).isEmpty();
  }
}
