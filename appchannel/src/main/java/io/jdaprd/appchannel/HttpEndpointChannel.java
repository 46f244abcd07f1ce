package io.jdaprd.appchannel;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
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
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * One channel of external calls, as daprd's HTTP channel does them for an {@code HTTPEndpoint} or a URL target:
 * {@code VERB <base>/<method>?<query>} on its own client, with the caller's headers (daprd's filter), the message's
 * content type, the endpoint's headers set over them and, on the channel of URL targets only, the app token. Both
 * bodies stream; there is no response timeout.
 */
final class HttpEndpointChannel implements AutoCloseable {
  private final ClientFactory factory;
  private final WebClient client;
  private final String baseUrl;
  private final List<HttpEndpoint.Header> headers;
  private final String appApiToken;
  private final CallLimit limit;
  private final boolean http1Only;
  private final boolean h2c;

  /**
   * @param factory the channel's own connections and TLS settings; closed with the channel
   * @param baseUrl the endpoint's base URL, {@code null} on the channel of URL targets (the target is the base)
   * @param appApiToken sent as {@code dapr-api-token}, {@code null} for none
   * @param http1Only whether HTTPS speaks HTTP/1.1 only (the app's client does; an endpoint's negotiates HTTP/2)
   * @param h2c whether plain-text calls speak HTTP/2 with prior knowledge ({@code --app-protocol h2c})
   */
  HttpEndpointChannel(ClientFactory factory, String baseUrl, List<HttpEndpoint.Header> headers, String appApiToken,
      int maxConcurrency, boolean http1Only, boolean h2c) {
    this.factory = factory;
    this.client = WebClient.builder().factory(factory).responseTimeoutMillis(0).writeTimeoutMillis(0)
        .maxResponseLength(0).build();
    this.baseUrl = baseUrl;
    this.headers = List.copyOf(headers);
    this.appApiToken = appApiToken == null || appApiToken.isEmpty() ? null : appApiToken;
    this.limit = new CallLimit(maxConcurrency);
    this.http1Only = http1Only;
    this.h2c = h2c;
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
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new RemoteCallException(CauseCode.UNKNOWN, "parse \"" + url + "\": " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new RemoteCallException(CauseCode.UNKNOWN, GoUrlErrors.urlError(verb, url, "",
          new IllegalArgumentException("unsupported protocol scheme \"" + scheme + "\"")));
    }
    int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    String hostPort = uri.getHost() + ":" + port;
    RequestHeadersBuilder builder = RequestHeaders.builder(method, armeriaScheme(scheme) + "://" + hostPort
        + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    InvokeHeaders.toHttp(request.metadata(), (k, v) -> {
      if (!k.isEmpty() && !k.startsWith(":") && !k.equalsIgnoreCase("host")) {
        builder.add(AsciiString.of(k), v);
      }
    });
    if (!request.contentType().isEmpty()) {
      builder.set("content-type", request.contentType());
    }
    for (HttpEndpoint.Header h : headers) {
      if (!h.name().isEmpty()) {
        builder.set(AsciiString.of(h.name()), h.value());
      }
    }
    if (request.body().length() >= 0) {
      builder.contentLength(request.body().length());
    }
    if (appApiToken != null) {
      builder.set(HttpAppChannel.API_TOKEN_HEADER, appApiToken);
    }
    HttpRequest httpRequest = request.body().length() == 0 ? HttpRequest.of(builder.build())
        : HttpRequest.of(builder.build(), StreamMessage.of(request.body().stream()));
    try {
      limit.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteCallException(CauseCode.CANCELLED, "context canceled");
    }
    boolean released = false;
    try {
      HttpResponse response = client.execute(httpRequest);
      SplitHttpResponse split = response.split();
      ResponseHeaders responseHeaders = split.headers().get();
      StreamMessage<HttpData> body = split.body();
      body.whenComplete().handle((ok, failure) -> {
        limit.release();
        return null;
      });
      released = true;
      InputStream stream = body.toInputStream(Function.identity());
      long length = responseHeaders.contentLength();
      return new InvokeResponse(InvokeStatus.http(responseHeaders.status().code()),
          HttpInvocations.headerMap(responseHeaders), Map.of(), responseHeaders.get("content-type", ""),
          new InvokeBody(stream, length < 0 ? -1 : length));
    } catch (ExecutionException e) {
      throw new RemoteCallException(CauseCode.UNKNOWN, GoUrlErrors.urlError(verb, url, hostPort, e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      httpRequest.abort();
      throw new RemoteCallException(CauseCode.CANCELLED, "context canceled");
    } finally {
      if (!released) {
        limit.release();
      }
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
