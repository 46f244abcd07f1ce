package io.jdaprd.middleware.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.spi.ComponentException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterCheckerTest {
  private static AggregatedHttpResponse call(String rule, String uri) throws Exception {
    RouterChecker m = Middlewares.init(new RouterChecker(), RouterChecker.TYPE, Map.of("rule", rule));
    HttpRequest req = HttpRequest.of(HttpMethod.GET, uri);
    return Middlewares.run(m, ServiceRequestContext.of(req), req, r -> HttpResponse.of("passed"));
  }

  @Test
  void aMatchingUriPasses() throws Exception {
    String rule = "^[A-Za-z0-9/._-]+$";
    assertThat(call(rule, "/v1.0/invoke/app/method/orders").contentUtf8()).isEqualTo("passed");
  }

  @Test
  void aMismatchIsContribsPlainText400() throws Exception {
    AggregatedHttpResponse res = call("^[A-Za-z0-9/._-]+$", "/v1.0/invoke/app/method/a%20b");
    assertThat(res.status().code()).isEqualTo(400);
    assertThat(res.contentUtf8()).isEqualTo("invalid router");
    assertThat(res.contentType().toString()).isEqualTo("text/plain; charset=utf-8");
  }

  @Test
  void theQueryIsPartOfTheCheckedUriAndTheRuleMatchesAnywhere() throws Exception {
    assertThat(call("^/state$", "/state?x=1").status().code()).isEqualTo(400);
    assertThat(call("x=1", "/state?x=1").contentUtf8()).isEqualTo("passed");
    assertThat(call("", "/anything").contentUtf8()).isEqualTo("passed");
  }

  @Test
  void aBadRuleIsAnInitError() {
    assertThatThrownBy(() -> Middlewares.init(new RouterChecker(), RouterChecker.TYPE, Map.of("rule", "([a-z")))
        .isInstanceOf(ComponentException.class).hasMessageStartingWith("failed to compile rule regexp: ");
  }
}
