package io.jdaprd.middleware.http;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import io.jdaprd.middleware.HttpMiddleware;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * daprd's {@code middleware.http.uppercase}: the request body, the response body or both (metadata
 * {@code direction}: {@code request}, the default and any unknown value, {@code response} or {@code both}) turned
 * to upper case one Unicode code point at a time (Go's {@code unicode.ToUpper}, a simple case mapping: {@code ß}
 * stays); a byte that is not UTF-8 becomes U+FFFD, as Go's decoding of a string. The body is read whole, and its
 * {@code content-length} follows the new length.
 */
public final class Uppercase implements HttpMiddleware {
  /** The component type. */
  public static final String TYPE = "middleware.http.uppercase";

  private boolean request;
  private boolean response;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    switch (metadata.get("direction", "").toLowerCase(Locale.ROOT)) {
      case "response" -> response = true;
      case "both" -> {
        request = true;
        response = true;
      }
      default -> request = true;
    }
  }

  @Override
  public HttpResponse handle(RequestContext ctx, HttpRequest req, Next next) throws Exception {
    if (request) {
      return HttpResponse.of(req.aggregate().thenApply(agg -> {
        try {
          HttpResponse res = next.handle(upper(agg).toHttpRequest());
          return response ? upper(res) : res;
        } catch (Exception e) {
          return HttpResponse.ofFailure(e);
        }
      }));
    }
    return upper(next.handle(req));
  }

  private static AggregatedHttpRequest upper(AggregatedHttpRequest agg) {
    byte[] body = toUpper(agg.content().array());
    RequestHeaders headers = agg.headers();
    if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      headers = headers.toBuilder().setLong(HttpHeaderNames.CONTENT_LENGTH, body.length).build();
    }
    return AggregatedHttpRequest.of(headers, HttpData.wrap(body), agg.trailers());
  }

  private static HttpResponse upper(HttpResponse res) {
    return HttpResponse.of(res.aggregate().thenApply(agg -> {
      byte[] body = toUpper(agg.content().array());
      ResponseHeaders headers = agg.headers();
      if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        headers = headers.toBuilder().setLong(HttpHeaderNames.CONTENT_LENGTH, body.length).build();
      }
      return AggregatedHttpResponse.of(agg.informationals(), headers, HttpData.wrap(body), agg.trailers())
          .toHttpResponse();
    }));
  }

  /** {@code utf8} with each code point upper-cased; invalid bytes become U+FFFD. */
  static byte[] toUpper(byte[] utf8) {
    // Decoding replaces each malformed sequence with U+FFFD, as Go's range over a string does.
    String text = new String(utf8, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> out.appendCodePoint(Character.toUpperCase(cp)));
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
