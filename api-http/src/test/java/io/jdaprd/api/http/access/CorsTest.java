package io.jdaprd.api.http.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code --allowed-origins}: origin matching and the header list, as the CORS library daprd uses reads them. */
class CorsTest {
  @Test
  void originsMatchWithoutCaseAndWithOneWildcard() {
    Cors cors = new Cors("https://app.example.com,https://*.trusted.io");
    assertThat(cors.originAllowed("https://APP.example.com")).isTrue();
    assertThat(cors.originAllowed("https://a.trusted.io")).isTrue();
    assertThat(cors.originAllowed("https://trusted.io")).isFalse();
    assertThat(cors.originAllowed("https://evil.com")).isFalse();
    assertThat(new Cors("*").originAllowed("https://anything")).isTrue();
  }

  @Test
  void requestedHeadersAreSplitAndCanonicalised() {
    assertThat(Cors.headerList("content-type, x-custom-header,DAPR-API-TOKEN"))
        .containsExactly("Content-Type", "X-Custom-Header", "Dapr-Api-Token");
    assertThat(Cors.headerList("")).isEmpty();
  }
}
