package io.jdaprd.examples.orders;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dapr.actors.ActorId;
import io.dapr.actors.client.ActorClient;
import io.dapr.actors.client.ActorProxyBuilder;
import io.dapr.actors.runtime.ActorRuntime;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.config.Properties;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The order service as an app: it hosts the {@link ShippingDeadline} actor (the Dapr actors SDK's
 * {@link ActorRuntime} behind a JDK HTTP server that answers the sidecar's actor callbacks, as the SDK's Spring
 * Boot controller would) and places orders that the actor then watches. Stops with {@link #close()}.
 */
public final class OrdersApp implements AutoCloseable {
  private final HttpServer server;
  private final ActorRuntime runtime;
  private final DaprClient dapr;
  private final ActorClient actors;
  private final OrderService orders;

  private OrdersApp(int port, int sidecarHttpPort, int sidecarGrpcPort) throws IOException {
    Map<String, String> sidecar = Map.of(Properties.SIDECAR_IP.getName(), "127.0.0.1",
        Properties.HTTP_PORT.getName(), Integer.toString(sidecarHttpPort),
        Properties.GRPC_PORT.getName(), Integer.toString(sidecarGrpcPort));
    dapr = new DaprClientBuilder().withPropertyOverrides(Map.of(Properties.SIDECAR_IP, "127.0.0.1",
        Properties.HTTP_PORT, Integer.toString(sidecarHttpPort),
        Properties.GRPC_PORT, Integer.toString(sidecarGrpcPort))).build();
    orders = new OrderService(dapr);
    actors = new ActorClient(new Properties(sidecar));
    runtime = ActorRuntime.getInstance(new Properties(sidecar));
    runtime.registerActor(ShippingDeadlineActor.class,
        (context, id) -> new ShippingDeadlineActor(context, id, orders));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts the app on {@code port} of 127.0.0.1, talking to the sidecar at {@code 127.0.0.1} on its HTTP and gRPC
   * ports. The actors SDK keeps one runtime per JVM: the first app started in a JVM fixes its sidecar.
   */
  public static OrdersApp start(int port, int sidecarHttpPort, int sidecarGrpcPort) throws IOException {
    return new OrdersApp(port, sidecarHttpPort, sidecarGrpcPort);
  }

  /** Places an order and has its {@link ShippingDeadline} watch it. */
  public Order place(String id, String item, int quantity) {
    Order order = orders.place(id, item, quantity);
    new ActorProxyBuilder<>(ShippingDeadline.class, actors).build(new ActorId(id)).watch();
    return order;
  }

  /** The order service the app runs. */
  public OrderService orders() {
    return orders;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getRawPath();
      String[] p = path.split("/");
      try {
        if (path.equals("/dapr/config")) {
          answer(ex, 200, runtime.serializeConfig());
        } else if (path.startsWith("/actors/") && p.length == 4 && ex.getRequestMethod().equals("DELETE")) {
          runtime.deactivate(decode(p[2]), decode(p[3])).block();
          answer(ex, 200, new byte[0]);
        } else if (path.startsWith("/actors/") && p.length == 7 && p[5].equals("remind")) {
          runtime.invokeReminder(decode(p[2]), decode(p[3]), decode(p[6]), body).block();
          answer(ex, 200, new byte[0]);
        } else if (path.startsWith("/actors/") && p.length == 7 && p[5].equals("timer")) {
          runtime.invokeTimer(decode(p[2]), decode(p[3]), decode(p[6]), body).block();
          answer(ex, 200, new byte[0]);
        } else if (path.startsWith("/actors/") && p.length == 6 && p[4].equals("method")) {
          byte[] out = runtime.invoke(decode(p[2]), decode(p[3]), decode(p[5]), body).block();
          answer(ex, 200, out == null ? new byte[0] : out);
        } else {
          answer(ex, 404, new byte[0]);
        }
      } catch (RuntimeException e) {
        answer(ex, 500, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void answer(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() throws Exception {
    server.stop(0);
    actors.close();
    dapr.close();
  }
}
