package io.jdaprd.middleware.http;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.middleware.HttpMiddleware;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * components-contrib's {@code middleware.http.ratelimit} (tollbooth's limiter): one token bucket per remote IP and
 * path, refilled at metadata {@code maxRequestsPerSecond} (default 100; not positive: an init error) and holding
 * {@code max(1, floor(rate))} tokens. A request finding its bucket empty is answered {@code 429} with tollbooth's
 * plain-text message; every answer carries tollbooth's {@code X-Rate-Limit-*} headers. The remote IP is the
 * peer's address on the API; on the app channel, where a request has no peer, it is the last
 * {@code X-Forwarded-For} entry or {@code X-Real-IP}, and without either {@code X-Forwarded-For: 0.0.0.0} is set on
 * the request, as contrib sets it.
 */
public final class RateLimit implements HttpMiddleware {
  /** The component type. */
  public static final String TYPE = "middleware.http.ratelimit";
  /** tollbooth's answer to a request over the limit. */
  static final String MESSAGE = "You have reached maximum request limit.";
  private static final int CLEANUP_SIZE = 10_000;

  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private double rate;
  private double burst;
  private String limitHeader;

  public RateLimit() {
    this(System::nanoTime);
  }

  /** A limiter on {@code nanoTime} (tests move it by hand). */
  RateLimit(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    String text = metadata.get("maxRequestsPerSecond", "").trim();
    rate = 100;
    if (!text.isEmpty()) {
      try {
        rate = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw metadata.invalid("maxRequestsPerSecond", text, "a number of requests per second");
      }
    }
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new ComponentException("metadata property maxRequestsPerSecond must be a positive value");
    }
    burst = Math.max(1, Math.floor(rate));
    limitHeader = String.format(Locale.ROOT, "%.2f", rate);
  }

  @Override
  public HttpResponse handle(RequestContext ctx, HttpRequest req, Next next) throws Exception {
    String remoteAddr = "";
    String ip;
    HttpRequest forwarded = req;
    if (ctx instanceof ServiceRequestContext sctx && sctx.remoteAddress() instanceof InetSocketAddress peer) {
      ip = peer.getAddress().getHostAddress();
      remoteAddr = peer.getAddress().getHostAddress() + ":" + peer.getPort();
    } else {
      ip = headerIp(req);
      if (ip.isEmpty()) {
        forwarded = req.withHeaders(req.headers().toBuilder().set("x-forwarded-for", "0.0.0.0").build());
        ip = "0.0.0.0";
      }
    }
    String xff = forwarded.headers().get("x-forwarded-for", "");
    List<Map.Entry<String, String>> extra = limitHeaders(xff, remoteAddr);
    if (!take(ip + "|" + ctx.path())) {
      return HttpResponse.of(ResponseHeaders.builder(HttpStatus.TOO_MANY_REQUESTS).add(extra)
          .contentType(MediaType.PLAIN_TEXT_UTF_8).build(), HttpData.ofUtf8(MESSAGE));
    }
    return next.handle(forwarded).mapHeaders(h -> h instanceof ResponseHeaders r && !r.status().isInformational()
        ? r.toBuilder().add(extra).build() : h);
  }

  /** tollbooth's headers on every answer. */
  private List<Map.Entry<String, String>> limitHeaders(String xff, String remoteAddr) {
    List<Map.Entry<String, String>> headers = new ArrayList<>(4);
    headers.add(Map.entry("x-rate-limit-limit", limitHeader));
    headers.add(Map.entry("x-rate-limit-duration", "1"));
    if (!xff.isBlank()) {
      headers.add(Map.entry("x-rate-limit-request-forwarded-for", xff));
    }
    headers.add(Map.entry("x-rate-limit-request-remote-addr", remoteAddr));
    return headers;
  }

  /** The last {@code X-Forwarded-For} entry, else {@code X-Real-IP}, else empty. */
  private static String headerIp(HttpRequest req) {
    String xff = req.headers().get("x-forwarded-for", "");
    if (!xff.isBlank()) {
      String[] parts = xff.split(",");
      return parts[parts.length - 1].trim();
    }
    return req.headers().get("x-real-ip", "").trim();
  }

  /** Takes a token from {@code key}'s bucket; false when it is empty. */
  boolean take(String key) {
    long now = nanoTime.getAsLong();
    if (buckets.size() > CLEANUP_SIZE) {
      // A full bucket is the same as a new one: drop them.
      buckets.values().removeIf(b -> b.full(now));
    }
    return buckets.computeIfAbsent(key, k -> new Bucket(burst, now)).take(now);
  }

  private final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    synchronized boolean take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }

    synchronized boolean full(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      if (now > last) {
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
        last = now;
      }
    }
  }
}
