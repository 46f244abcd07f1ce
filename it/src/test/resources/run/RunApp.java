import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A tiny app for RunTest, run by `jdaprd run` with the JDK's source launcher. `state` saves and reads back a value
 * through its sidecar (DAPR_HTTP_PORT), prints what it got and the variables it was given, and exits with code 7;
 * `serve` answers GET /hello on APP_PORT until it is stopped; `call <app id>` invokes that app's /hello through its
 * sidecar, prints the answer and exits 0.
 */
public class RunApp {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    String appId = System.getenv("APP_ID");
    String dapr = "http://127.0.0.1:" + System.getenv("DAPR_HTTP_PORT");
    switch (args[0]) {
      case "state" -> {
        for (String name : new String[] {"APP_ID", "APP_PORT", "APP_PROTOCOL", "DAPR_HTTP_PORT", "DAPR_GRPC_PORT",
            "DAPR_METRICS_PORT", "EXTRA"}) {
          System.out.println("ENV " + name + "=" + System.getenv(name));
        }
        String body = "[{\"key\":\"k\",\"value\":\"v-" + appId + "\"}]";
        send(HttpRequest.newBuilder(URI.create(dapr + "/v1.0/state/statestore"))
            .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        System.out.println("STATE " + send(HttpRequest.newBuilder(URI.create(dapr + "/v1.0/state/statestore/k"))
            .build()));
        System.exit(7);
      }
      case "serve" -> {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1",
            Integer.parseInt(System.getenv("APP_PORT"))), 0);
        server.createContext("/hello", exchange -> {
          byte[] answer = ("hello from " + appId).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
        server.start();
        System.out.println("SERVING");
      }
      case "call" -> {
        String last = "";
        for (int i = 0; i < 300; i++) {
          HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
              URI.create(dapr + "/v1.0/invoke/" + args[1] + "/method/hello")).build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            System.out.println("INVOKED " + r.body());
            return;
          }
          last = r.statusCode() + " " + r.body();
          Thread.sleep(100);
        }
        System.out.println("FAILED " + last);
        System.exit(3);
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  static String send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }
}
