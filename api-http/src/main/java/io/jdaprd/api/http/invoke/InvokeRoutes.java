package io.jdaprd.api.http.invoke;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.core.Transport;
import io.jdaprd.core.invoke.InvokeBlock;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeHeaders;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.invoke.acl.InvokeMethods;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CommonErrors;
import io.jdaprd.errors.grpc.GrpcStatusJson;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Service invocation over HTTP, as daprd's {@code onDirectMessage}: {@code /v1.0/invoke/{id}/method/...} with any
 * verb, any path with a {@code dapr-app-id} header or Basic credentials {@code dapr-app-id:{id}}, and every
 * unmatched route. The request body streams to the target and the target's answer streams back: status, headers
 * and body as the app sent them. Registered last: its catch-all route yields to every other.
 */
public final class InvokeRoutes implements HttpRoutes {
  private static final String INVOKE_PREFIX = "/v1.0/invoke/";
  private static final String APP_ID_HEADER = "dapr-app-id";
  private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();
  /** The largest request body of known length gathered whole before the call (larger ones stream). */
  static final int SHORT_BODY = 64 * 1024;

  private final InvokeBlock invoke;
  private final HttpCalls calls;

  /** The routes of the blocks' service invocation. */
  public InvokeRoutes(Blocks blocks, HttpCalls calls) {
    this.invoke = blocks.get(InvokeBlock.class);
    this.calls = calls;
  }

  /** Adds the catch-all route to {@code sb}; routes added elsewhere take precedence. */
  @Override
  public void addTo(ServerBuilder sb) {
    sb.serviceUnder("/", this::invoke);
  }

  /** The catch-all route as a service, for a request the API's allow and deny lists send to the fallback. */
  public com.linecorp.armeria.server.HttpService fallback() {
    return this::invoke;
  }

  private HttpResponse invoke(ServiceRequestContext ctx, HttpRequest req) {
    ctx.clearRequestTimeout(); // daprd puts no deadline on an invocation: a long body or a slow app takes its time
    long length = req.headers().contentLength();
    if (length > 0 && length <= SHORT_BODY) {
      // A short body of known length is gathered on the event loop as it arrives (usually with its headers) and
      // handed over whole: no reader for the call's thread to wait on, and it goes on with the call's headers.
      return HttpResponse.of(req.aggregate().handleAsync((agg, failure) -> call(ctx, req,
          failure == null ? InvokeBody.of(agg.content().array()) : failed(failure, length)), CALLS));
    }
    InvokeBody body = body(ctx, req);
    return HttpResponse.of(CompletableFuture.supplyAsync(() -> call(ctx, req, body), CALLS));
  }

  /** Calls the target with {@code body} as the request's body (on a virtual thread) and renders its answer. */
  private HttpResponse call(ServiceRequestContext ctx, HttpRequest req, InvokeBody body) {
    String acceptLanguage = req.headers().get("accept-language");
    try {
      Target target = target(pathForTarget(ctx.decodedPath(), ctx.rawPath()), req.headers().get(APP_ID_HEADER),
          req.headers().get(HttpHeaderNames.AUTHORIZATION));
      InvokeRequest request = new InvokeRequest(target.method(), req.method().name().toUpperCase(Locale.ROOT),
          rawQuery(req.path()), metadata(req, target.fromHeader()),
          req.headers().get(HttpHeaderNames.CONTENT_TYPE, ""), body);
      return render(invoke.invoke(target.appId(), request, Transport.HTTP), req.method() == HttpMethod.HEAD);
    } catch (DaprException e) {
      return calls.error(e, acceptLanguage);
    } catch (RuntimeException e) {
      body.close();
      return calls.error(DaprException.from(e), acceptLanguage);
    }
  }

  /**
   * A body whose reading fails as the aggregation did (the client went away or broke the request), so that the call
   * reports it where a streamed body's failure is reported.
   */
  private static InvokeBody failed(Throwable failure, long length) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
        ? c.getCause() : failure;
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new InvokeBody(new InputStream() {
      @Override
      public int read() throws java.io.IOException {
        throw new java.io.IOException(message, cause);
      }
    }, length);
  }

  /**
   * The path the target is read from: the server's normalised, decoded path, except for a URL target written as it
   * is ({@code /v1.0/invoke/http://host/method/...}), whose {@code //} the normalisation would merge: daprd reads
   * the decoded path as the client sent it, so that such an id stays a URL.
   */
  static String pathForTarget(String decodedPath, String rawPath) {
    if (rawPath == null) {
      return decodedPath;
    }
    int q = rawPath.indexOf('?');
    String raw = q < 0 ? rawPath : rawPath.substring(0, q);
    if (!raw.startsWith(INVOKE_PREFIX)) {
      return decodedPath;
    }
    String decoded = pathUnescape(raw);
    if (decoded == null) {
      return decodedPath;
    }
    String id = decoded.substring(INVOKE_PREFIX.length());
    return id.startsWith("http://") || id.startsWith("https://") ? decoded : decodedPath;
  }

  /** Go's {@code url.PathUnescape}: {@code %XX} decoded as UTF-8 bytes, {@code +} kept; {@code null} when invalid. */
  static String pathUnescape(String raw) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The query exactly as the client sent it (daprd passes {@code URL.RawQuery} on). */
  static String rawQuery(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? "" : pathAndQuery.substring(q + 1);
  }

  /** The request's body as a stream, released on the request's event loop (see {@link InvokeBody#closedOn}). */
  private static InvokeBody body(ServiceRequestContext ctx, HttpRequest req) {
    long length = req.headers().contentLength();
    InputStream stream = new RequestBodyStream(req, ctx.eventLoop());
    if (length < 0 && req.isEmpty()) {
      length = 0;
    }
    return InvokeBody.closedOn(ctx.eventLoop(), stream, length);
  }

  /** The request headers as daprd keeps them: Go's canonical names, every value, without the ones it removes. */
  private static Map<String, List<String>> metadata(HttpRequest req, boolean appIdFromHeader) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    req.headers().forEach((name, value) -> {
      String key = name.toString();
      if (key.startsWith(":") || key.equals("dapr-api-token") || appIdFromHeader && key.equals(APP_ID_HEADER)) {
        return;
      }
      out.computeIfAbsent(InvokeHeaders.canonical(key), k -> new ArrayList<>()).add(value);
    });
    return out;
  }

  private static HttpResponse render(InvokeResponse response, boolean head) {
    if (!response.status().isHttp()) {
      int status = GrpcStatusJson.httpStatus(response.status().code());
      if (status != 200) {
        response.close();
        String json;
        try {
          json = GrpcStatusJson.render(response.status().code(), response.status().message(),
              response.status().details().stream().map(d -> Map.entry(d.typeUrl(), d.value())).toList());
        } catch (IllegalArgumentException e) {
          throw CommonErrors.malformedResponse(e.getMessage());
        }
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.valueOf(status), HttpHeaderNames.CONTENT_TYPE,
            "application/json"), HttpData.ofUtf8(json));
      }
      return stream(200, response, head);
    }
    return stream(response.status().code(), response, head);
  }

  private static HttpResponse stream(int status, InvokeResponse response, boolean head) {
    ResponseHeadersBuilder headers = ResponseHeaders.builder(status);
    InvokeHeaders.toHttp(response.headers(), (k, v) -> {
      if (!k.startsWith(":")) {
        headers.add(k, v);
      }
    });
    if (!response.contentType().isEmpty()) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
    }
    if (response.body().length() >= 0) {
      headers.contentLength(response.body().length());
    }
    if (response.body().length() == 0 || head || status == 204 || status == 304 || status < 200) {
      drain(response);
      return HttpResponse.of(headers.build());
    }
    if (response.body().stream() instanceof java.io.ByteArrayInputStream whole) {
      // An answer already in memory (a short one, gathered as it arrived) goes out with its headers.
      return HttpResponse.of(headers.build(), HttpData.wrap(whole.readAllBytes()));
    }
    return HttpResponse.of(headers.build(), StreamMessage.builder(response.body().stream()).executor(CALLS)
        .bufferSize(64 * 1024).build());
  }

  /**
   * Reads an answer that carries no body to its end (1 MiB at most) before closing it: closing a body that has not
   * ended cancels the call to the other sidecar, which would then see its answer reset.
   */
  private static void drain(InvokeResponse response) {
    try (InputStream in = response.body().stream()) {
      byte[] buffer = new byte[8192];
      long left = 1 << 20;
      for (int n; left > 0 && (n = in.read(buffer)) > 0; ) {
        left -= n;
      }
    } catch (java.io.IOException ignored) {
      // the answer has no body to pass on; a failure to read its end changes nothing for the caller
    }
    response.close();
  }

  /**
   * The target and method, as daprd's {@code findTargetIDAndMethod}: the {@code dapr-app-id} header (method: the
   * whole path), Basic credentials {@code dapr-app-id:{id}}, else {@code /v1.0/invoke/{id}/method/{method}}.
   */
  static Target target(String path, String header, String authorization) {
    if (header != null && !header.isEmpty()) {
      return new Target(header, trimSlash(InvokeMethods.cleanPath(path)), true);
    }
    if (authorization != null && authorization.startsWith("Basic ")) {
      try {
        String pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        String[] parts = pair.split(":", -1);
        if (parts.length == 2 && parts[0].equalsIgnoreCase(APP_ID_HEADER)) {
          return new Target(parts[1], trimSlash(InvokeMethods.cleanPath(path)), false);
        }
      } catch (IllegalArgumentException notBase64) {
        // not the Basic form of an app id
      }
    }
    if (path.startsWith(INVOKE_PREFIX)) {
      String rest = path.substring(INVOKE_PREFIX.length());
      int idx = rest.indexOf("/method/");
      if (idx > 0) {
        String id = rest.substring(0, idx);
        String method = InvokeMethods.cleanPath(rest.substring(idx + "/method/".length()));
        try {
          String decoded = URLDecoder.decode(id, StandardCharsets.UTF_8);
          id = decoded.isEmpty() ? id : decoded;
        } catch (IllegalArgumentException keep) {
          // daprd keeps an id that does not unescape
        }
        return new Target(id, method.equals(".") ? "" : method, false);
      }
    }
    return new Target(null, "", false);
  }

  private static String trimSlash(String s) {
    return s.startsWith("/") ? s.substring(1) : s;
  }

  /** Where a call goes: {@code appId} {@code null} when the request names none. */
  record Target(String appId, String method, boolean fromHeader) {
  }

}
