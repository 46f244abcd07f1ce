package io.jdaprd.bench.load;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 keep-alive ({@code h1c}, no upgrade attempt) on its own client factory, so that it holds exactly one
 * connection: a lane never has two requests in flight.
 */
final class HttpRequester implements Requester {
  private final ClientFactory factory;
  private final WebClient client;
  private final String path;
  private final HttpData body;

  HttpRequester(ClientFactory factory, Target target, byte[] value) {
    this.factory = factory;
    this.client = WebClient.builder("h1c://" + target.host() + ":" + target.port()).factory(factory)
        .responseTimeout(Duration.ZERO).maxResponseLength(16 << 20).build();
    switch (target.op()) {
      case "ping" -> {
        path = target.path();
        body = null;
      }
      case "get" -> {
        path = "/v1.0/state/" + target.store() + "/" + target.key();
        body = null;
      }
      case "save" -> {
        path = "/v1.0/state/" + target.store();
        body = HttpData.wrap(Payloads.saveBody(target.key(), value));
      }
      case "post" -> {
        path = target.path();
        body = HttpData.wrap(value);
      }
      case "binding" -> {
        path = "/v1.0/bindings/" + target.store();
        body = HttpData.wrap(Payloads.bindingBody(value));
      }
      default -> throw new IllegalArgumentException("op: " + target.op() + " (expected: ping, get, save, post or binding)");
    }
  }

  @Override
  public CompletableFuture<Integer> send() {
    HttpRequest request = body == null ? HttpRequest.of(HttpMethod.GET, path)
        : HttpRequest.of(HttpMethod.POST, path, MediaType.JSON, body);
    return client.execute(request).aggregate().thenApply(response -> response.status().code());
  }

  @Override
  public void close() {
    factory.close();
  }
}
