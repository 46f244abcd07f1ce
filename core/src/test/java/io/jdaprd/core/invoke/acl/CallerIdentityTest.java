package io.jdaprd.core.invoke.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading a caller's SPIFFE ID. */
class CallerIdentityTest {

  @Test
  void aDaprIdNamesTrustDomainNamespaceAndApp() throws Exception {
    CallerIdentity id = CallerIdentity.parse("spiffe://public/ns/default/checkout");
    assertThat(id).isEqualTo(new CallerIdentity("public", "default", "checkout"));
    assertThat(id.uri()).isEqualTo("spiffe://public/ns/default/checkout");
  }

  @Test
  void segmentsAfterTheAppIdAreAllowedAndKept() throws Exception {
    CallerIdentity id = CallerIdentity.parse("spiffe://corp.example/ns/prod/orders/v2");
    assertThat(id.appId()).isEqualTo("orders");
    assertThat(id.namespace()).isEqualTo("prod");
    assertThat(id.uri()).isEqualTo("spiffe://corp.example/ns/prod/orders/v2");
  }

  @ParameterizedTest
  @CsvSource({
      "spiffe://public/ns/default",
      "spiffe://public/namespace/default/app",
      "spiffe://public",
      "spiffe://public/workload",
  })
  void aValidSpiffeIdThatIsNotDaprsIsMalformedAsDaprdSays(String id) {
    assertThatThrownBy(() -> CallerIdentity.parse(id)).isInstanceOf(CallerIdentity.MalformedSpiffeIdException.class)
        .hasMessage("malformed SPIFFE ID: " + id);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://public/ns/a/b|scheme is missing or invalid",
      "spiffe:///ns/a/b|trust domain is missing",
      "spiffe://Public/ns/a/b|trust domain characters are limited to lowercase letters, numbers, dots, dashes, "
          + "and underscores",
      "spiffe://public/ns//b|path cannot contain empty segments",
      "spiffe://public/ns/a/b/|path cannot have a trailing slash",
      "spiffe://public/ns/../b|path cannot contain dot segments",
      "spiffe://public/ns/a/b c|path segment characters are limited to letters, numbers, dots, dashes, and "
          + "underscores",
  })
  void anInvalidSpiffeIdIsRefusedAsGoSpiffeDoes(String id, String message) {
    assertThatThrownBy(() -> CallerIdentity.parse(id)).hasMessage(message);
  }
}
