package io.jdaprd.bench.floor;

import com.google.protobuf.Empty;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.ExchangeType;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.SubscriptionOption;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.RoutingContext;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.GetStateResponse;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.jdaprd.bench.load.Payloads;
import io.jdaprd.bench.load.Receiver;
import io.jdaprd.errors.ErrorRendering;
import io.jdaprd.errors.factories.StateErrors;
import io.jdaprd.errors.http.HttpErrorRenderer;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A bare Armeria server, started as its own process by {@code bench/run}: on its HTTP port every request is read
 * whole and answered {@code 204}, except {@value #UPLOAD_PATH}, whose body (of any length) is read and dropped chunk
 * by chunk and answered {@code 204} with its length in {@value #BYTES_HEADER}; a {@code GET} under
 * {@code /dapr/}, answered {@code 404} (a sidecar with this as its app asks for its subscriptions and configuration
 * there: an app that has none); a state get from {@code statestore}, answered {@code 200} with the bench's 1 KiB
 * value (the floor of a get); and a save to the store {@value #ERROR_STORE}, answered {@code 400} with the
 * sidecar's error for an illegal key (the floor of the error path). On its gRPC port
 * {@code Dapr/GetState} answers an empty response, {@code Dapr/SaveState} an {@code Empty} and
 * {@link InvokeMethod} empty bytes, with no logic behind them. The same requests the sidecar gets, on the same stack,
 * minus the sidecar; and the app of the {@code invoke} scenario, behind two sidecars or called directly. Prints
 * {@code READY http=P grpc=Q} once both listen; stops on SIGTERM.
 *
 * <p>Flags: {@code --http-port P --grpc-port Q} (0 or absent: any free port); {@code --redis-port R} adds the
 * floor of a state get on the Redis on {@code 127.0.0.1:R} ({@link RedisFloor}, on its HTTP port);
 * {@code --deliver-to A} makes a publish ({@code POST /v1.0/publish/...}) the floor of pub/sub: answered {@code 204}
 * at once, its body then posted to the bench's receiver on {@code 127.0.0.1:A} ({@link Receiver#ROUTE}), as a sidecar
 * delivers an event to its app, with nothing between (no broker, no envelope).
 */
public final class FloorServer {
  /** The path whose body is drained rather than aggregated, so that it may be of any size. */
  public static final String UPLOAD_PATH = "/upload";
  /** The answer header of an upload: the body bytes received. */
  public static final String BYTES_HEADER = "bench-bytes";
  /** The state store name whose save the floor answers {@code 400} with {@link ErrorBody}: the error path's floor. */
  public static final String ERROR_STORE = "floor-error";
  /** What the floor answers a state get with: the bench's value, as the sidecar answers its get. */
  private static final byte[] STATE_VALUE = Payloads.value(1024);
  /** The key {@code --redis-port} writes and its state get reads (the sidecar's key in the bench). */
  public static final String REDIS_KEY = "bench-1k";
  /** The size of the value {@code --redis-port} writes, the bench's payload. */
  private static final int REDIS_VALUE_BYTES = 1024;

  private FloorServer() {
  }

  public static void main(String[] args) {
    int httpPort = 0;
    int grpcPort = 0;
    int redisPort = 0;
    int deliverTo = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--http-port" -> httpPort = Integer.parseInt(args[i + 1]);
        case "--grpc-port" -> grpcPort = Integer.parseInt(args[i + 1]);
        case "--redis-port" -> redisPort = Integer.parseInt(args[i + 1]);
        case "--deliver-to" -> deliverTo = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("flag: " + args[i]
            + " (expected: --http-port, --grpc-port, --redis-port, --deliver-to)");
      }
    }
    RedisFloor redis = redisPort == 0 ? null : RedisFloor.connect(redisPort, REDIS_KEY, REDIS_VALUE_BYTES);
    WebClient app = deliverTo == 0 ? null : WebClient.of("http://127.0.0.1:" + deliverTo);
    Started floor = start(httpPort, grpcPort, redis, app);
    Runtime.getRuntime().addShutdownHook(new Thread(floor::close, "floor-stop"));
    System.out.println("READY http=" + floor.httpPort() + " grpc=" + floor.grpcPort());
    System.out.flush();
  }

  /** The floor's two servers, listening. */
  public record Started(Server http, Server grpc, RedisFloor redis) implements AutoCloseable {
    public int httpPort() {
      return http.activeLocalPort();
    }

    public int grpcPort() {
      return grpc.activeLocalPort();
    }

    /** Stops both servers and waits for them. */
    @Override
    public void close() {
      http.stop().join();
      grpc.stop().join();
      if (redis != null) {
        redis.close();
      }
    }
  }

  /**
   * Starts the floor's HTTP and gRPC servers in this JVM (0: any free port) and returns once both listen: what
   * {@link #main} runs as a process, and what {@code FloorStartMain} times as the floor of an embedded start.
   */
  public static Started start(int httpPort, int grpcPort) {
    return start(httpPort, grpcPort, null, null);
  }

  private static Started start(int httpPort, int grpcPort, RedisFloor redis, WebClient app) {
    // Armeria's gRPC builder generates JSON marshallers in its static initialiser, the largest single cost of a
    // start: begun beside the HTTP server's start, as the sidecar's own warm-up does, so the floor is the best this
    // stack does.
    // (The main thread's own GrpcService.builder() below waits for that class initialisation if it is not done.)
    Thread.ofPlatform().name("floor-warmup").daemon().start(GrpcService::builder);
    ServerBuilder builder = Server.builder().http(httpPort)
        .route().path(UPLOAD_PATH).maxRequestLength(0).requestTimeoutMillis(0).build(FloorServer::drain)
        .route().methods(HttpMethod.GET).pathPrefix("/dapr/").build((ctx, req) -> HttpResponse.of(HttpStatus.NOT_FOUND))
        .route().methods(HttpMethod.GET).pathPrefix("/v1.0/state/statestore/").decorator(WholeAnswers::new)
        .build((ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON, STATE_VALUE))
        .route().methods(HttpMethod.POST).path("/v1.0/state/" + ERROR_STORE).decorator(WholeAnswers::new)
        .build((ctx, req) -> HttpResponse.of(req.aggregate()
            .thenApply(r -> HttpResponse.of(HttpStatus.BAD_REQUEST, MediaType.JSON, ErrorBody.BYTES))));
    if (app != null) {
      builder.route().methods(HttpMethod.POST).pathPrefix("/v1.0/publish/").build((ctx, req) -> HttpResponse.of(
          req.aggregate().thenApply(r -> {
            app.prepare().post(Receiver.ROUTE).content(MediaType.JSON, r.content().array()).execute().aggregate();
            return HttpResponse.of(HttpStatus.NO_CONTENT);
          })));
    }
    if (redis != null) {
      builder.route().methods(HttpMethod.GET).pathPrefix(RedisFloor.PATH_PREFIX).decorator(WholeAnswers::new)
          .build((ctx, req) -> redis.get(ctx));
    }
    Server http = builder.serviceUnder("/", (ctx, req) -> HttpResponse.of(req.aggregate()
            .thenApply(r -> HttpResponse.of(HttpStatus.NO_CONTENT))))
        .build();
    ServerServiceDefinition invoke = ServerServiceDefinition.builder(InvokeMethod.SERVICE)
        .addMethod(InvokeMethod.METHOD, ServerCalls.asyncUnaryCall((request, observer) -> {
          observer.onNext(new byte[0]);
          observer.onCompleted();
        }))
        .build();
    http.start().join();
    Server grpc = Server.builder().http(grpcPort)
        .service(GrpcService.builder().addService(new Floor()).addService(invoke)
            // Binary gRPC only, as the sidecar's gRPC API: no JSON marshallers built for every message at start.
            .supportedSerializationFormats(GrpcSerializationFormats.PROTO).enableUnframedRequests(false).build())
        .build();
    grpc.start().join();
    return new Started(http, grpc, redis);
  }

  /**
   * A route whose answers are whole, declared so to Armeria ({@code ExchangeType.REQUEST_STREAMING}): it gathers each
   * answer and writes headers and body together, as the sidecar's own HTTP/1.1 pipeline does
   * ({@code server.HeadersWithBody}). Streamed, the bare server sent them in two writes, which cost it a quarter of
   * its gets per CPU second and made its error answers dearer (bench/notes-http.md): the floor's answers with a body
   * (a get's value, the error) use it, so that the floor is the best this stack does for them.
   */
  private static final class WholeAnswers extends SimpleDecoratingHttpService {
    WholeAnswers(HttpService delegate) {
      super(delegate);
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
      return unwrap().serve(ctx, req);
    }

    @Override
    public ExchangeType exchangeType(RoutingContext routingContext) {
      return ExchangeType.REQUEST_STREAMING;
    }
  }

  /** Reads the body chunk by chunk, releasing each, and answers {@code 204} with the byte count. */
  private static HttpResponse drain(ServiceRequestContext ctx, HttpRequest req) {
    CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
    req.subscribe(new Subscriber<HttpObject>() {
      private long bytes;

      @Override
      public void onSubscribe(Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(HttpObject o) {
        if (o instanceof HttpData d) {
          bytes += d.length();
          d.close();
        }
      }

      @Override
      public void onError(Throwable t) {
        answer.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        answer.complete(HttpResponse.of(ResponseHeaders.builder(HttpStatus.NO_CONTENT)
            .add(BYTES_HEADER, Long.toString(bytes)).build()));
      }
    }, ctx.eventLoop(), SubscriptionOption.WITH_POOLED_OBJECTS);
    return HttpResponse.of(answer);
  }

  /** The Dapr service with nothing behind it. */
  private static final class Floor extends DaprGrpc.DaprImplBase {
    @Override
    public void getState(GetStateRequest request, StreamObserver<GetStateResponse> observer) {
      observer.onNext(GetStateResponse.getDefaultInstance());
      observer.onCompleted();
    }

    @Override
    public void saveState(SaveStateRequest request, StreamObserver<Empty> observer) {
      observer.onNext(Empty.getDefaultInstance());
      observer.onCompleted();
    }
  }

  /**
   * The sidecar's answer to the bench's illegal save (key {@code a||b} in the store {@code statestore}), rendered by
   * the sidecar's own error catalog and renderer on the first such request (so that a start of the floor does not
   * load them): what the floor of the error path sends back.
   */
  private static final class ErrorBody {
    static final byte[] BYTES = HttpErrorRenderer.render(StateErrors.illegalKey("statestore", "a||b"),
        ErrorRendering.DAPR).body();
  }
}
