package io.jdaprd.middleware.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UppercaseTest {
  private static final String TYPE = Uppercase.TYPE;

  private static HttpRequest post(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, "/v1.0/invoke/a/method/m")
        .contentType(MediaType.PLAIN_TEXT_UTF_8).contentLength(bytes.length).build(), HttpData.wrap(bytes));
  }

  /** Runs {@code body} through a middleware of {@code direction}; the rest answers {@code answer}. */
  private static String[] run(String direction, String body, String answer) throws Exception {
    Uppercase m = Middlewares.init(new Uppercase(), TYPE, direction == null ? Map.of() : Map.of("direction",
        direction));
    HttpRequest req = post(body);
    AtomicReference<String> seen = new AtomicReference<>();
    AggregatedHttpResponse res = Middlewares.run(m, ServiceRequestContext.of(req), req, r -> HttpResponse.of(
        r.aggregate().thenApply(agg -> {
          seen.set(agg.contentUtf8());
          assertThat(agg.headers().contentLength()).isEqualTo(agg.content().length());
          return HttpResponse.of(answer);
        })));
    return new String[] {seen.get(), res.contentUtf8()};
  }

  @Test
  void requestIsTheDefaultDirection() throws Exception {
    assertThat(run(null, "hello", "answer")).containsExactly("HELLO", "answer");
    assertThat(run("sideways", "hello", "answer")).containsExactly("HELLO", "answer");
    assertThat(run("REQUEST", "hello", "answer")).containsExactly("HELLO", "answer");
  }

  @Test
  void responseAndBothDirections() throws Exception {
    assertThat(run("response", "hello", "answer")).containsExactly("hello", "ANSWER");
    assertThat(run("Both", "hello", "answer")).containsExactly("HELLO", "ANSWER");
  }

  @Test
  void upperCasesCodePointByCodePointAsGo() throws Exception {
    // Simple case mapping: ß has no single upper-case code point and stays; ı (2 bytes) becomes I (1 byte).
    assertThat(run(null, "straße ıé ǆ 😀", "")[0]).isEqualTo("STRAßE IÉ Ǆ 😀");
    assertThat(Uppercase.toUpper(new byte[] {'a', (byte) 0xff, 'b'}))
        .isEqualTo("A\uFFFDB".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void responseContentLengthFollowsTheNewBody() throws Exception {
    Uppercase m = Middlewares.init(new Uppercase(), TYPE, Map.of("direction", "response"));
    HttpRequest req = post("");
    AggregatedHttpResponse res = Middlewares.run(m, ServiceRequestContext.of(req), req,
        r -> HttpResponse.of("ıı"));
    assertThat(res.contentUtf8()).isEqualTo("II");
    assertThat(res.headers().contentLength()).isEqualTo(2);
  }
}
