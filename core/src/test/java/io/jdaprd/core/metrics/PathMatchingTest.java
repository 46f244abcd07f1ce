package io.jdaprd.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code spec.metrics.http.pathMatching} as daprd's {@code pathMatching} and {@code getMetricsPath} answer. */
class PathMatchingTest {

  @Test
  void theMostSpecificPatternWinsAndLegacyKeepsAnUnmatchedPath() {
    PathMatching m = PathMatching.of(List.of("/v1/orders/{orderID}/items/12345", "/v1/orders/{orderID}/items/{itemID}",
        "/v1/items/{itemID}", "/v1/orders/{orderID}/items/{itemID}"), true);
    assertThat(m.match("")).isNull();
    assertThat(m.match("/v1/orders/12345/items/12345")).isEqualTo("/v1/orders/{orderID}/items/12345");
    assertThat(m.match("/v1/orders/12345/items/1111")).isEqualTo("/v1/orders/{orderID}/items/{itemID}");
    assertThat(m.match("/v1/items/12345")).isEqualTo("/v1/items/{itemID}");
    assertThat(m.match("/v2/basket/12345")).isEqualTo("/v2/basket/12345");
  }

  @Test
  void subtreesAndTheRootCatchWhatIsLeft() {
    PathMatching m = PathMatching.of(List.of("/v1/orders/{orderID}/items/12345", "/v1/orders/{orderID}/items/{itemID}",
        "/v1/orders/{orderID}", "/v1/items/{itemID}", "/dapr/config", "/v1/", "/"), false);
    assertThat(m.match("/v1/orders/12345")).isEqualTo("/v1/orders/{orderID}");
    assertThat(m.match("/v1/basket")).isEqualTo("/v1/");
    assertThat(m.match("/v2/orders/1111")).isEqualTo("/");
    assertThat(m.match("/dapr/config")).isEqualTo("/dapr/config");
    assertThat(PathMatching.of(List.of("/"), false).match("//v1.0/actors/W/xyz/method/Get")).isEqualTo("/");
  }

  @Test
  void invocationPathsOfEachPatternAreMatchedToo() {
    PathMatching m = PathMatching.of(List.of("/orders/{id}", "/api/v1/widget", "orders", "//orders"), false);
    assertThat(m.match("/orders/123")).isEqualTo("/orders/{id}");
    assertThat(m.match("/v1.0/invoke/order-app/method/orders/123"))
        .isEqualTo("/v1.0/invoke/{app_id}/method/orders/{id}");
    assertThat(m.match("//orders")).isEqualTo("/orders");
    assertThat(m.match("/elsewhere")).isEmpty();
  }

  @Test
  void restWildcardsAndTheEndAnchor() {
    PathMatching m = PathMatching.of(List.of("/files/{path...}", "/files/readme", "/docs/{$}"), false);
    assertThat(m.match("/files/a/b/c")).isEqualTo("/files/{path...}");
    assertThat(m.match("/files/readme")).isEqualTo("/files/readme");
    assertThat(m.match("/docs/")).isEqualTo("/docs/{$}");
    assertThat(m.match("/docs/x")).isEmpty();
  }

  @Test
  void labelsFollowGetMetricsPath() {
    List<String> paths = List.of("/v1.0/actors/myactortype/{id}/method");
    for (boolean legacy : new boolean[] {true, false}) {
      HttpPathLabels labels = new HttpPathLabels(legacy, false, paths);
      assertThat(labels.path("//v1.0/actors/myactortype/myid/method/foo"))
          .isEqualTo("/v1.0/actors/myactortype/{id}/method");
    }
    assertThat(new HttpPathLabels(false, false, paths).path("//v1.0/actors/unknown/myid/method/foo")).isEmpty();
    assertThat(new HttpPathLabels(true, false, paths).path("/v1.0/state/store/key"))
        .isEqualTo("/v1.0/state/store");

    HttpPathLabels strict = new HttpPathLabels(false, false, List.of(
        "/actors/WeatherActor/{id}/method/GetWeatherAsync", "/v1.0/actors/WeatherActor/{id}/method/GetWeatherAsync"));
    assertThat(strict.path("/v1.0/actors/WeatherActor/actor-123/method/GetWeatherAsync"))
        .isEqualTo("/v1.0/actors/WeatherActor/{id}/method/GetWeatherAsync");
    assertThat(strict.path("/some/other/path")).isEmpty();
    assertThat(strict.clientPath("/dapr/config")).isEqualTo("/dapr/config");
    // daprd passes the app call's match through its legacy label, which drops the leading slash of /actors/...
    assertThat(strict.clientPath("/actors/WeatherActor/a1/method/GetWeatherAsync"))
        .isEqualTo("actors/WeatherActor/{id}/method/GetWeatherAsync");
  }
}
