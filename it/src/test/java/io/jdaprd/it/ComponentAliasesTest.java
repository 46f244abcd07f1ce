package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Component types under the other names daprd registers them with ({@code state.sqlite3}), in another case, and
 * with daprd's {@code v0}: each loads as its canonical type, serves requests, and is listed in the metadata API with
 * the type as written, as daprd lists it.
 */
class ComponentAliasesTest {
  private static SidecarProcess sidecar;
  private static Http http;

  @BeforeAll
  static void start() {
    sidecar = SidecarProcess.withAppId("it-aliases").resources(Locations.testResource("components/aliases"))
        .start();
    http = new Http(sidecar);
  }

  @AfterAll
  static void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lite", "upper"})
  void aliasedStoreServesState(String store) {
    assertThat(http.post("/v1.0/state/" + store, "[{\"key\":\"k\",\"value\":{\"n\":1}}]").statusCode())
        .isEqualTo(204);
    assertThat(http.get("/v1.0/state/" + store + "/k").body()).isEqualTo("{\"n\":1}");
  }

  @Test
  void nothingFailedToLoad() {
    assertThat(sidecar.logText()).doesNotContain("resource not loaded");
  }

  @Test
  void metadataListsTheTypeAsWritten() throws Exception {
    JsonNode components = new ObjectMapper().readTree(http.get("/v1.0/metadata").body()).path("components");

    assertThat(components.findValuesAsText("type")).contains("state.sqlite3", "state.In-Memory");
  }
}
