package io.jdaprd.appchannel;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SplitHttpResponse;
import com.linecorp.armeria.common.stream.StreamMessage;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeHeaders;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.invoke.InvokeStatus;
import io.jdaprd.core.invoke.RemoteCallException;
import io.jdaprd.core.invoke.acl.InvokeMethods;
import io.jdaprd.core.invoke.endpoints.HttpEndpoint;
import io.jdaprd.errors.factories.CauseCode;
import io.netty.util.AsciiString;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One channel of external calls, as daprd's HTTP channel does them for an {@code HTTPEndpoint} or a URL target:
 * {@code VERB <base>/<method>?<query>} on its own client, with the caller's headers (daprd's filter), the message's
 * content type, the endpoint's headers set over them and, on the channel of URL targets only, the app token. Both
 * bodies stream (a request body of up to 4 MiB is kept on an endpoint's channel, so that a 307/308 redirect can send
 * it again); there is no response timeout. An endpoint's channel follows up to ten redirects as Go's default client
 * does (301/302/303 become a GET without body, 307/308 keep verb and body; credentials and cookies are dropped when
 * the host changes; {@code Referer} is set).
 */
final class HttpEndpointChannel implements AutoCloseable {
  /** Go's client gives up after this many redirects. */
  static final int MAX_REDIRECTS = 10;
  /** The largest body kept so that a 307/308 redirect can send it again. */
  static final long REPLAY_LIMIT = 4L << 20;
  private final ClientFactory factory;
  private final WebClient client;
  private final String baseUrl;
  private final List<HttpEndpoint.Header> headers;
  private final String appApiToken;
  private final CallLimit limit;
  private final boolean http1Only;
  private final boolean h2c;
  private final boolean followRedirects;

  /**
   * @param factory the channel's own connections and TLS settings; closed with the channel
   * @param baseUrl the endpoint's base URL, {@code null} on the channel of URL targets (the target is the base)
   * @param appApiToken sent as {@code dapr-api-token}, {@code null} for none
   * @param http1Only whether HTTPS speaks HTTP/1.1 only (the app's client does; an endpoint's negotiates HTTP/2)
   * @param h2c whether plain-text calls speak HTTP/2 with prior knowledge ({@code --app-protocol h2c})
   * @param followRedirects whether redirects are followed as Go's default client follows them (an endpoint's
   *     channel), or answered to the caller (the app's client, used for URL targets)
   */
  HttpEndpointChannel(ClientFactory factory, String baseUrl, List<HttpEndpoint.Header> headers, String appApiToken,
      int maxConcurrency, boolean http1Only, boolean h2c, boolean followRedirects) {
    this(factory, baseUrl, headers, appApiToken, maxConcurrency, http1Only, h2c, followRedirects, null);
  }

  /** @param pipeline the app middleware pipeline the calls run through; {@code null}: none */
  HttpEndpointChannel(ClientFactory factory, String baseUrl, List<HttpEndpoint.Header> headers, String appApiToken,
      int maxConcurrency, boolean http1Only, boolean h2c, boolean followRedirects,
      com.linecorp.armeria.client.DecoratingHttpClientFunction pipeline) {
    this.factory = factory;
    var builder = WebClient.builder().factory(factory).responseTimeoutMillis(0).writeTimeoutMillis(0)
        .maxResponseLength(0);
    if (pipeline != null) {
      builder.decorator(pipeline);
    }
    this.client = builder.build();
    this.baseUrl = baseUrl;
    this.headers = List.copyOf(headers);
    this.appApiToken = appApiToken == null || appApiToken.isEmpty() ? null : appApiToken;
    this.limit = new CallLimit(maxConcurrency);
    this.http1Only = http1Only;
    this.h2c = h2c;
    this.followRedirects = followRedirects;
  }

  InvokeResponse invoke(String target, InvokeRequest request) throws RemoteCallException {
    String verb = request.verb();
    if (verb.isEmpty() || verb.equals("NONE")) {
      throw RemoteCallException.status(CauseCode.INVALID_ARGUMENT, "missing HTTP extension field");
    }
    HttpMethod method = HttpMethod.tryParse(verb);
    if (method == null || method == HttpMethod.CONNECT || method == HttpMethod.UNKNOWN) {
      throw RemoteCallException.status(CauseCode.INVALID_ARGUMENT, "invalid HTTP verb");
    }
    String url = url(baseUrl == null ? target : baseUrl, request.method(), request.query());
    HttpHeadersBuilder fields = HttpHeaders.builder();
    InvokeHeaders.toHttp(request.metadata(), (k, v) -> {
      if (!k.isEmpty() && !k.startsWith(":") && !k.equalsIgnoreCase("host")) {
        fields.add(AsciiString.of(k), v);
      }
    });
    if (!request.contentType().isEmpty()) {
      fields.set("content-type", request.contentType());
    }
    for (HttpEndpoint.Header h : headers) {
      if (!h.name().isEmpty()) {
        fields.set(AsciiString.of(h.name()), h.value());
      }
    }
    if (appApiToken != null) {
      fields.set(HttpAppChannel.API_TOKEN_HEADER, appApiToken);
    }
    InvokeBody body = request.body();
    byte[] replay = null;
    if (followRedirects && body.length() > 0 && body.length() <= REPLAY_LIMIT) {
      try {
        replay = body.readAll(REPLAY_LIMIT);
      } catch (java.io.IOException e) {
        throw new RemoteCallException(CauseCode.UNKNOWN, "failed to read data from request object: "
            + e.getMessage());
      }
    }
    try {
      limit.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      body.close();
      throw new RemoteCallException(CauseCode.CANCELLED, "context canceled");
    }
    boolean released = false;
    try {
      Call call = new Call(method, url, fields.build(), body, replay, true);
      for (int redirects = 0; ; redirects++) {
        Sent sent = send(verb, call);
        Call next = followRedirects ? call.redirect(sent.headers()) : null;
        if (next == null) {
          sent.body().whenComplete().handle((ok, failure) -> {
            limit.release();
            return null;
          });
          released = true;
          long length = sent.headers().contentLength();
          return new InvokeResponse(InvokeStatus.http(sent.headers().status().code()),
              HttpInvocations.headerMap(sent.headers()), Map.of(), sent.headers().get("content-type", ""),
              InvokeBody.closedOn(sent.owner(), sent.body().toInputStream(Function.identity()),
                  length < 0 ? -1 : length));
        }
        sent.owner().execute(sent.body()::abort);
        if (redirects == MAX_REDIRECTS - 1) {
          throw new RemoteCallException(CauseCode.UNKNOWN, GoUrlErrors.urlError(next.method().name(), next.url(),
              "", new IllegalStateException("stopped after " + MAX_REDIRECTS + " redirects")));
        }
        call = next;
      }
    } finally {
      if (!released) {
        limit.release();
      }
    }
  }

  /** Sends one request and waits for the response's headers. */
  private Sent send(String verb, Call call) throws RemoteCallException {
    URI uri;
    try {
      uri = new URI(call.url());
    } catch (URISyntaxException e) {
      throw new RemoteCallException(CauseCode.UNKNOWN, "parse \"" + call.url() + "\": " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String op = call.first() ? verb : call.method().name();
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new RemoteCallException(CauseCode.UNKNOWN, GoUrlErrors.urlError(op, call.url(), "",
          new IllegalArgumentException("unsupported protocol scheme \"" + scheme + "\"")));
    }
    int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    String hostPort = uri.getHost() + ":" + port;
    RequestHeadersBuilder builder = RequestHeaders.builder(call.method(), armeriaScheme(scheme) + "://" + hostPort
        + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    builder.add(call.fields());
    HttpRequest httpRequest;
    if (call.replay() != null) {
      builder.contentLength(call.replay().length);
      httpRequest = HttpRequest.of(builder.build(), HttpData.wrap(call.replay()));
    } else if (call.body() == null || call.body().length() == 0) {
      if (call.body() != null) {
        builder.contentLength(0);
      }
      httpRequest = HttpRequest.of(builder.build());
    } else {
      if (call.body().length() > 0) {
        builder.contentLength(call.body().length());
      }
      httpRequest = HttpRequest.of(builder.build(), StreamMessage.of(call.body().stream()));
    }
    try {
      OwnedResponse sent = OwnedResponse.execute(client, httpRequest);
      SplitHttpResponse split = sent.response().split();
      return new Sent(split.headers().get(), split.body(), sent.owner());
    } catch (ExecutionException e) {
      throw new RemoteCallException(CauseCode.UNKNOWN, GoUrlErrors.urlError(op, call.url(), hostPort,
          e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      httpRequest.abort();
      throw new RemoteCallException(CauseCode.CANCELLED, "context canceled");
    }
  }

  /** An answer's headers and its body, not read yet, and the event loop its body is released on. */
  private record Sent(ResponseHeaders headers, StreamMessage<HttpData> body, Executor owner) {
  }

  /**
   * One request of a call, the first or one that follows a redirect.
   *
   * @param fields the header fields, without pseudo-headers and content length
   * @param body the body to stream, {@code null} for none
   * @param replay the body's bytes when they can be sent again, else {@code null}
   * @param first whether this is the caller's request rather than a redirect's
   */
  private record Call(HttpMethod method, String url, HttpHeaders fields, InvokeBody body, byte[] replay,
      boolean first) {

    /**
     * The request a redirect answer asks for, as Go's client follows it; {@code null} to return the answer as it
     * is: not a redirect, no {@code Location}, or a 307/308 whose body cannot be sent again.
     */
    Call redirect(ResponseHeaders answer) throws RemoteCallException {
      int status = answer.status().code();
      String location = answer.get("location");
      if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308 || location == null) {
        return null;
      }
      HttpMethod nextMethod = method;
      byte[] nextReplay = null;
      if (status == 307 || status == 308) {
        boolean hasBody = replay != null || body != null && body.length() != 0;
        if (hasBody && replay == null) {
          return null;
        }
        nextReplay = replay;
      } else if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
        nextMethod = HttpMethod.GET;
      }
      URI from;
      URI to;
      try {
        from = new URI(url);
        to = from.resolve(new URI(location));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new RemoteCallException(CauseCode.UNKNOWN, GoUrlErrors.urlError(method.name(), url, "",
            new IllegalArgumentException("failed to parse Location header \"" + location + "\": " + e
                .getMessage())));
      }
      HttpHeadersBuilder nextFields = fields.toBuilder();
      if (!sameOrSubdomain(from.getHost(), to.getHost())) {
        for (String sensitive : List.of("authorization", "www-authenticate", "cookie", "cookie2")) {
          nextFields.remove(sensitive);
        }
      }
      if (!("https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(to.getScheme()))) {
        nextFields.set("referer", url);
      }
      return new Call(nextMethod, to.toString(), nextFields.build(), null, nextReplay, false);
    }

    private static boolean sameOrSubdomain(String initial, String next) {
      if (initial == null || next == null) {
        return false;
      }
      String a = initial.toLowerCase(Locale.ROOT);
      String b = next.toLowerCase(Locale.ROOT);
      return a.equals(b) || b.endsWith("." + a);
    }
  }

  /**
   * daprd's URL of a call: the base, then {@code /<method>} (the method cleaned as Go's {@code path.Clean}, nothing
   * when it is empty, characters a path cannot hold escaped), then {@code ?<query>}.
   */
  static String url(String base, String method, String query) {
    String cleaned = InvokeMethods.cleanPath(method);
    if (cleaned.equals(".")) {
      cleaned = "";
    }
    if (cleaned.isEmpty()) {
      return base + (query.isEmpty() ? "" : "?" + query);
    }
    return base + HttpInvocations.pathAndQuery(cleaned, query);
  }

  private String armeriaScheme(String scheme) {
    if (scheme.equals("https")) {
      return http1Only ? "h1" : "https";
    }
    return h2c ? "h2c" : "h1c";
  }

  @Override
  public void close() {
    factory.close();
  }
}
