package io.jdaprd.api.http.access;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CORS on the HTTP API, as daprd's {@code --allowed-origins} turns it on: {@code *} allows every origin, otherwise a
 * comma-separated list of origins, each compared without regard to case and holding at most one {@code *} wildcard
 * ({@code https://*.example.com}). The methods HEAD, GET, POST, PUT, PATCH and DELETE and every request header are
 * allowed; no credentials, no max age. A preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) is
 * answered here with 200 and an empty body, before the API token check; an actual request gets
 * {@code Access-Control-Allow-Origin} when its origin is allowed. Every answer varies on {@code Origin}.
 */
final class Cors {
  private static final Set<String> METHODS = Set.of("HEAD", "GET", "POST", "PUT", "PATCH", "DELETE");

  private final boolean allOrigins;
  private final List<String> origins = new ArrayList<>();
  private final List<String[]> wildcards = new ArrayList<>();

  /** @param allowedOrigins the flag's value; not empty */
  Cors(String allowedOrigins) {
    boolean all = false;
    for (String origin : allowedOrigins.split(",", -1)) {
      String o = origin.toLowerCase(Locale.ROOT);
      int star = o.indexOf('*');
      if (o.equals("*")) {
        all = true;
      } else if (star >= 0) {
        wildcards.add(new String[] {o.substring(0, star), o.substring(star + 1)});
      } else {
        origins.add(o);
      }
    }
    this.allOrigins = all;
  }

  /** Whether the request is a preflight, which {@link #preflight} answers. */
  static boolean isPreflight(RequestHeaders headers) {
    return headers.method() == HttpMethod.OPTIONS
        && !headers.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD, "").isEmpty();
  }

  /** The answer to a preflight: 200, empty, with the allowing headers when origin, method and headers pass. */
  HttpResponse preflight(RequestHeaders headers) {
    ResponseHeadersBuilder out = ResponseHeaders.builder(HttpStatus.OK)
        .add(HttpHeaderNames.VARY, "Origin")
        .add(HttpHeaderNames.VARY, "Access-Control-Request-Method")
        .add(HttpHeaderNames.VARY, "Access-Control-Request-Headers");
    String origin = headers.get(HttpHeaderNames.ORIGIN, "");
    String method = headers.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD, "").toUpperCase(Locale.ROOT);
    if (!origin.isEmpty() && originAllowed(origin) && (method.equals("OPTIONS") || METHODS.contains(method))) {
      out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allOrigins ? "*" : origin);
      out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, method);
      List<String> requested = headerList(headers.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS, ""));
      if (!requested.isEmpty()) {
        out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", requested));
      }
    }
    return HttpResponse.of(out.contentLength(0).build());
  }

  /** Adds the headers of an actual request's answer to {@code ctx}'s response. */
  void actual(ServiceRequestContext ctx, RequestHeaders headers) {
    String origin = headers.get(HttpHeaderNames.ORIGIN, "");
    boolean allow = !origin.isEmpty() && originAllowed(origin)
        && (headers.method() == HttpMethod.OPTIONS || METHODS.contains(headers.method().name()));
    ctx.mutateAdditionalResponseHeaders(h -> {
      h.add(HttpHeaderNames.VARY, "Origin");
      if (allow) {
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allOrigins ? "*" : origin);
      }
    });
  }

  boolean originAllowed(String origin) {
    if (allOrigins) {
      return true;
    }
    String o = origin.toLowerCase(Locale.ROOT);
    if (origins.contains(o)) {
      return true;
    }
    for (String[] w : wildcards) {
      if (o.length() >= w[0].length() + w[1].length() && o.startsWith(w[0]) && o.endsWith(w[1])) {
        return true;
      }
    }
    return false;
  }

  /**
   * The requested headers as the CORS library daprd uses reads them: split at commas and spaces, each canonicalised
   * ({@code x-custom-header} becomes {@code X-Custom-Header}), characters other than letters, digits, {@code -},
   * {@code _} and {@code .} dropped.
   */
  static List<String> headerList(String list) {
    List<String> out = new ArrayList<>();
    StringBuilder h = new StringBuilder();
    boolean upper = true;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c >= 'a' && c <= 'z') {
        h.append(upper ? (char) (c - 32) : c);
      } else if (c >= 'A' && c <= 'Z') {
        h.append(upper ? c : (char) (c + 32));
      } else if (c == '-' || c == '_' || c == '.' || (c >= '0' && c <= '9')) {
        h.append(c);
      }
      if (c == ' ' || c == ',' || i == list.length() - 1) {
        if (h.length() > 0) {
          out.add(h.toString());
          h.setLength(0);
          upper = true;
        }
      } else {
        upper = c == '-';
      }
    }
    return out;
  }
}
