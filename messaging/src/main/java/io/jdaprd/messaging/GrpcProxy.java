package io.jdaprd.messaging;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status;
import io.jdaprd.core.invoke.InvokeBlock;
import io.jdaprd.core.invoke.RemoteCallException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * gRPC service invocation by proxy, as daprd's gRPC proxy: a call of any gRPC method carrying the target in
 * {@code dapr-callee-app-id} or {@code dapr-app-id} metadata is forwarded as HTTP/2, frames untouched (unary and
 * streaming alike), to the target's sidecar (its internal port, same method path, with {@code dapr-caller-app-id} and
 * {@code dapr-callee-app-id} set) or, for this sidecar's own app id, to the app (without {@code dapr-api-token},
 * with {@code APP_API_TOKEN}). The app's answer, trailers included, comes back as it is. The same proxy serves the
 * API port and the unknown methods of the internal port, where the callee id names this sidecar's app. With mTLS
 * ({@link SidecarTls}) the target's sidecar is reached over TLS and must present the target's SPIFFE ID.
 */
public final class GrpcProxy implements AutoCloseable {
  static final String CALLEE_APP_ID = "dapr-callee-app-id";
  static final String APP_ID = "dapr-app-id";
  static final String CALLER_APP_ID = "dapr-caller-app-id";
  private static final String API_TOKEN = "dapr-api-token";
  private static final MediaType GRPC = MediaType.create("application", "grpc");
  private static final ExecutorService ROUTING = Executors.newVirtualThreadPerTaskExecutor();

  private final InvokeBlock invoke;
  private final App app;
  private final SidecarTls tls;
  private final LazyClientFactory factory =
      new LazyClientFactory(() -> ClientFactory.builder().idleTimeout(Duration.ofMinutes(3)).build());
  private final ConcurrentHashMap<String, WebClient> clients = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ClientFactory> tlsFactories = new ConcurrentHashMap<>();

  /**
   * How to reach this sidecar's gRPC app.
   *
   * @param host the app's address
   * @param port its port
   * @param tls whether it speaks TLS ({@code grpcs}; its certificate is not verified, as daprd)
   * @param apiToken {@code APP_API_TOKEN}, {@code null} for none
   */
  public record App(String host, int port, boolean tls, String apiToken) {
  }

  /** A proxy for the sidecar of {@code invoke}; {@code app} is {@code null} when it has no app. */
  public GrpcProxy(InvokeBlock invoke, App app) {
    this(invoke, app, null);
  }

  /**
   * A proxy for the sidecar of {@code invoke} that reaches other sidecars over mTLS with {@code tls}, in plaintext
   * when it is {@code null}; {@code app} is {@code null} when the sidecar has no app.
   */
  public GrpcProxy(InvokeBlock invoke, App app, SidecarTls tls) {
    this.invoke = invoke;
    this.app = app;
    this.tls = tls;
  }

  /** The target app id of a call: {@code dapr-callee-app-id}, else {@code dapr-app-id}, else {@code null}. */
  public static String targetOf(com.linecorp.armeria.common.RequestHeaders headers) {
    String id = headers.get(CALLEE_APP_ID);
    return id != null ? id : headers.get(APP_ID);
  }

  /**
   * Forwards the call to {@code appId}. Failures before forwarding answer a trailers-only gRPC status, as daprd's
   * proxy does: an unknown target {@code Unknown} with the resolver's words, a denied call {@code PermissionDenied}.
   *
   * @param callerSpiffeId the caller's verified identity (internal port with mTLS), else {@code null}
   */
  public HttpResponse proxy(ServiceRequestContext ctx, HttpRequest req, String appId, String callerSpiffeId) {
    ctx.clearRequestTimeout(); // a proxied stream lasts as long as its client and the app keep it open
    return HttpResponse.of(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      InvokeBlock.ProxyRoute route;
      try {
        route = invoke.proxyRoute(appId, req.path(), callerSpiffeId);
      } catch (RemoteCallException e) {
        return refuse(req, Status.fromCodeValue(Status.Code.valueOf(e.code().name()).value())
            .withDescription(e.description()));
      }
      RequestHeadersBuilder headers = req.headers().toBuilder();
      WebClient client;
      if (route.local()) {
        if (app == null) {
          return refuse(req, Status.UNAVAILABLE.withDescription("failed to proxy request: app channel not "
              + "initialized"));
        }
        headers.remove(API_TOKEN);
        if (app.apiToken() != null) {
          headers.set(API_TOKEN, app.apiToken());
        }
        client = clients.computeIfAbsent("app", k -> client(app.tls() ? SessionProtocol.H2 : SessionProtocol.H2C,
            Endpoint.of(app.host(), app.port())));
      } else {
        headers.set(CALLER_APP_ID, invoke.appId());
        headers.set(CALLEE_APP_ID, route.appId());
        client = remote(route);
      }
      headers.remove("host");
      return client.execute(req.withHeaders(headers.build()));
    }, ROUTING));
  }

  /** The client of a target's sidecar: one per address in plaintext, one per address and app with mTLS. */
  private WebClient remote(InvokeBlock.ProxyRoute route) {
    if (tls == null) {
      return clients.computeIfAbsent(route.address(), a -> client(SessionProtocol.H2C, Endpoint.parse(a), factory.get()));
    }
    String key = route.address() + "|" + SidecarTls.pathOf(route.namespace(), route.appId());
    return clients.computeIfAbsent(key, k -> client(SessionProtocol.H2, Endpoint.parse(route.address()),
        tlsFactories.computeIfAbsent(k, f -> tls.clientFactory(route.namespace(), route.appId())
            .idleTimeout(Duration.ofMinutes(3)).build())));
  }

  private WebClient client(SessionProtocol protocol, Endpoint endpoint) {
    return client(protocol, endpoint, factory.get());
  }

  private static WebClient client(SessionProtocol protocol, Endpoint endpoint, ClientFactory clientFactory) {
    var builder = WebClient.builder(protocol, endpoint).factory(clientFactory).responseTimeoutMillis(0)
        .writeTimeoutMillis(0).maxResponseLength(0);
    return builder.build();
  }

  /**
   * {@code status} once the request has been read to its end: answering while the client still sends would reset
   * the stream, which the client reports as {@code INTERNAL} instead of the status.
   */
  private static HttpResponse refuse(HttpRequest req, Status status) {
    return HttpResponse.of(req.aggregate().handle((ignored, failure) -> trailersOnly(status)));
  }

  /** A gRPC answer of {@code status} alone (trailers-only), as grpc-go writes a failed call. */
  public static HttpResponse trailersOnly(Status status) {
    var headers = ResponseHeaders.builder(HttpStatus.OK).endOfStream(true).contentType(GRPC)
        .add("grpc-status", String.valueOf(status.getCode().value()));
    if (status.getDescription() != null) {
      headers.add("grpc-message", percentEncoded(status.getDescription()));
    }
    return HttpResponse.of(headers.build());
  }

  private static String percentEncoded(String message) {
    StringBuilder out = new StringBuilder();
    for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    factory.close();
    tlsFactories.values().forEach(ClientFactory::close);
  }
}
