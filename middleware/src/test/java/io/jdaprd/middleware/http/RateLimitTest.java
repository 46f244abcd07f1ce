package io.jdaprd.middleware.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.spi.ComponentException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private RateLimit limiter(String rate) throws Exception {
    return Middlewares.init(new RateLimit(now::get), RateLimit.TYPE, rate == null ? Map.of()
        : Map.of("maxRequestsPerSecond", rate));
  }

  private static AggregatedHttpResponse call(RateLimit m, String ip, String path) throws Exception {
    HttpRequest req = HttpRequest.of(HttpMethod.GET, path);
    RequestContext ctx = ServiceRequestContext.builder(req).remoteAddress(new InetSocketAddress(ip, 40000))
        .build();
    return Middlewares.run(m, ctx, req, r -> HttpResponse.of("passed"));
  }

  @Test
  void aBucketHoldsTheRateAndRefillsAtIt() throws Exception {
    RateLimit m = limiter("2");
    assertThat(call(m, "10.0.0.1", "/a").contentUtf8()).isEqualTo("passed");
    assertThat(call(m, "10.0.0.1", "/a").contentUtf8()).isEqualTo("passed");
    AggregatedHttpResponse limited = call(m, "10.0.0.1", "/a");
    assertThat(limited.status().code()).isEqualTo(429);
    assertThat(limited.contentUtf8()).isEqualTo("You have reached maximum request limit.");
    assertThat(limited.contentType().toString()).isEqualTo("text/plain; charset=utf-8");
    now.addAndGet(499_000_000L);
    assertThat(call(m, "10.0.0.1", "/a").status().code()).isEqualTo(429);
    now.addAndGet(2_000_000L);
    assertThat(call(m, "10.0.0.1", "/a").status().code()).isEqualTo(200);
  }

  @Test
  void bucketsArePerRemoteIpAndPath() throws Exception {
    RateLimit m = limiter("1");
    assertThat(call(m, "10.0.0.1", "/a").status().code()).isEqualTo(200);
    assertThat(call(m, "10.0.0.1", "/a").status().code()).isEqualTo(429);
    assertThat(call(m, "10.0.0.1", "/b").status().code()).isEqualTo(200);
    assertThat(call(m, "10.0.0.2", "/a").status().code()).isEqualTo(200);
  }

  @Test
  void aFractionalRateStillAllowsOneRequest() throws Exception {
    RateLimit m = limiter("0.5");
    assertThat(call(m, "10.0.0.1", "/a").status().code()).isEqualTo(200);
    now.addAndGet(1_000_000_000L);
    assertThat(call(m, "10.0.0.1", "/a").status().code()).isEqualTo(429);
    now.addAndGet(1_000_000_000L);
    assertThat(call(m, "10.0.0.1", "/a").status().code()).isEqualTo(200);
  }

  @Test
  void everyAnswerCarriesTollboothsHeaders() throws Exception {
    RateLimit m = limiter(null);
    AggregatedHttpResponse res = call(m, "10.0.0.1", "/a");
    assertThat(res.headers().get("x-rate-limit-limit")).isEqualTo("100.00");
    assertThat(res.headers().get("x-rate-limit-duration")).isEqualTo("1");
    assertThat(res.headers().get("x-rate-limit-request-remote-addr")).isEqualTo("10.0.0.1:40000");
  }

  @Test
  void onTheAppChannelTheIpComesFromTheHeadersElseZeroIsForwarded() throws Exception {
    RateLimit m = limiter("1");
    AtomicReference<HttpRequest> sent = new AtomicReference<>();
    HttpRequest req = HttpRequest.of(HttpMethod.GET, "/orders");
    AggregatedHttpResponse res = Middlewares.run(m, ClientRequestContext.of(req), req, r -> {
      sent.set(r);
      return HttpResponse.of("passed");
    });
    assertThat(res.status().code()).isEqualTo(200);
    assertThat(sent.get().headers().get("x-forwarded-for")).isEqualTo("0.0.0.0");
    HttpRequest second = HttpRequest.of(HttpMethod.GET, "/orders");
    assertThat(Middlewares.run(m, ClientRequestContext.of(second), second, r -> HttpResponse.of("passed"))
        .status().code()).isEqualTo(429);
    HttpRequest other = HttpRequest.of(com.linecorp.armeria.common.RequestHeaders.builder(HttpMethod.GET, "/orders")
        .add("x-forwarded-for", "1.1.1.1, 10.0.0.9").build());
    assertThat(Middlewares.run(m, ClientRequestContext.of(other), other, r -> HttpResponse.of("passed"))
        .status().code()).isEqualTo(200);
  }

  @Test
  void aRateThatIsNotPositiveIsAnInitError() {
    assertThatThrownBy(() -> limiter("0")).isInstanceOf(ComponentException.class)
        .hasMessage("metadata property maxRequestsPerSecond must be a positive value");
    assertThatThrownBy(() -> limiter("-3")).isInstanceOf(ComponentException.class);
    assertThatThrownBy(() -> limiter("fast")).isInstanceOf(ComponentException.class)
        .hasMessageContaining("maxRequestsPerSecond");
  }
}
