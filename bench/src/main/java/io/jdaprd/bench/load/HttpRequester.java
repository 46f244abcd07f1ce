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
  /**
   * The actors an {@code actor} target calls, one per requester in turn: with up to this many connections each
   * connection has an actor of its own, so no call waits for another's turn.
   */
  static final int ACTIVE_ACTORS = 64;

  private final ClientFactory factory;
  private final WebClient client;
  private static final java.util.concurrent.atomic.AtomicLong FRESH_IDS = new java.util.concurrent.atomic.AtomicLong();
  private static final java.util.concurrent.atomic.AtomicInteger ACTIVE_IDS =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  private final String path;
  private final HttpData body;
  private final boolean freshActor;

  HttpRequester(ClientFactory factory, Target target, byte[] value) {
    this.factory = factory;
    this.client = WebClient.builder("h1c://" + target.host() + ":" + target.port()).factory(factory)
        .responseTimeout(Duration.ZERO).maxResponseLength(16 << 20).build();
    freshActor = target.op().equals("actor-new");
    switch (target.op()) {
      case "actor-new" -> {
        path = target.path() + "n" + RUN + "-";
        body = HttpData.wrap(value);
      }
      case "actor" -> {
        path = target.path() + "active-" + (ACTIVE_IDS.getAndIncrement() % ACTIVE_ACTORS) + "/method/bench";
        body = HttpData.wrap(value);
      }
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
      default -> throw new IllegalArgumentException("op: " + target.op() + " (expected: ping, get, save, post, binding, actor or actor-new)");
    }
  }

  @Override
  public CompletableFuture<Integer> send() {
    String to = freshActor ? path + FRESH_IDS.getAndIncrement() + "/method/bench" : path;
    HttpRequest request = body == null ? HttpRequest.of(HttpMethod.GET, to)
        : HttpRequest.of(HttpMethod.POST, to, MediaType.JSON, body);
    return client.execute(request).aggregate().thenApply(response -> response.status().code());
  }

  @Override
  public void close() {
    factory.close();
  }
}
