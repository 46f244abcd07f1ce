package io.jdaprd.bench.floor;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * The floor of a hop of service invocation: a bare Armeria server, started as its own process by {@code bench/run},
 * that forwards every request it gets to the next hop and its answer back, streamed both ways and unchanged, with
 * Armeria's own proxying ({@code WebClient.execute} of the incoming request). Two of them in a row stand where the
 * {@code invoke} scenario's sidecars A and B stand: the first strips the invocation prefix
 * ({@code /v1.0/invoke/<id>/method}) from the path and forwards over HTTP/2 to the second, which forwards to the app
 * over HTTP/1.1 (a gRPC call, to the app's gRPC port, over HTTP/2). No name resolution, no access control, no
 * envelope, no internal protocol: what moving the same bytes through two JVMs on this stack costs, and so the best
 * the pair of sidecars could do on this machine. One of them stands where the {@code actors} scenario's sidecar
 * stands: an actor call {@code /v1.0/actors/<type>/<id>/method/<m>} goes to the app as daprd sends it,
 * {@code PUT /actors/<type>/<id>/method/<m>}, with no placement, activation or turn.
 *
 * <p>Flags: {@code --http-to P} (the next hop of an HTTP request, on {@code 127.0.0.1}), {@code --grpc-to Q} (the next
 * hop of a gRPC call, {@code content-type: application/grpc...}), {@code --h2} (forward HTTP requests over HTTP/2
 * cleartext; HTTP/1.1 without it). Listens on a free port for HTTP/1.1 and HTTP/2 and prints
 * {@code READY http=P grpc=P}; stops on SIGTERM.
 */
public final class RelayFloor {
  private static final String INVOKE_PREFIX = "/v1.0/invoke/";
  private static final String ACTORS_PREFIX = "/v1.0/actors/";

  private RelayFloor() {
  }

  public static void main(String[] args) {
    int httpTo = 0;
    int grpcTo = 0;
    boolean h2 = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--http-to" -> httpTo = Integer.parseInt(args[++i]);
        case "--grpc-to" -> grpcTo = Integer.parseInt(args[++i]);
        case "--h2" -> h2 = true;
        default -> throw new IllegalArgumentException("flag: " + args[i] + " (expected: --http-to, --grpc-to, --h2)");
      }
    }
    if (httpTo == 0 || grpcTo == 0) {
      throw new IllegalArgumentException("--http-to and --grpc-to are required");
    }
    WebClient http = client((h2 ? "h2c" : "h1c") + "://127.0.0.1:" + httpTo);
    WebClient grpc = client("h2c://127.0.0.1:" + grpcTo);
    Server server = Server.builder().http(0).maxRequestLength(0).requestTimeoutMillis(0)
        .serviceUnder("/", (ServiceRequestContext ctx, HttpRequest req) -> forward(req, http, grpc))
        .build();
    server.start().join();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop().join(), "relay-stop"));
    System.out.println("READY http=" + server.activeLocalPort() + " grpc=" + server.activeLocalPort());
    System.out.flush();
  }

  private static WebClient client(String uri) {
    return WebClient.builder(uri).maxResponseLength(0).responseTimeoutMillis(0).writeTimeoutMillis(0).build();
  }

  /** {@code req} sent on to the gRPC or HTTP hop, its path without the invocation prefix; the hop's answer. */
  private static HttpResponse forward(HttpRequest req, WebClient http, WebClient grpc) {
    String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (type != null && type.startsWith("application/grpc")) {
      return grpc.execute(req);
    }
    if (req.path().startsWith(ACTORS_PREFIX)) {
      String path = "/actors/" + req.path().substring(ACTORS_PREFIX.length());
      return http.execute(req.withHeaders(req.headers().toBuilder().method(HttpMethod.PUT).path(path)));
    }
    String path = appPath(req.path());
    return http.execute(path.equals(req.path()) ? req : req.withHeaders(req.headers().toBuilder().path(path)));
  }

  /**
   * {@code path} without a leading {@code /v1.0/invoke/<id>/method}: {@code /v1.0/invoke/app/method/test?x=1} is
   * {@code /test?x=1}; any other path is kept.
   */
  private static String appPath(String path) {
    if (!path.startsWith(INVOKE_PREFIX)) {
      return path;
    }
    int idEnd = path.indexOf('/', INVOKE_PREFIX.length());
    if (idEnd < 0 || !path.startsWith("/method/", idEnd)) {
      return path;
    }
    return path.substring(idEnd + "/method".length());
  }
}
