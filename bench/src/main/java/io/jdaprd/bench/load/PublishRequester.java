package io.jdaprd.bench.load;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1.0/publish/{pubsub}/{topic}} over HTTP/1.1 keep-alive on its own client factory (one connection),
 * with a JSON payload of the spec's size that carries the {@link Receiver} window's tag for this publish:
 * {@code {"bench":"window:seq:due","data":"xxx..."}}.
 */
final class PublishRequester implements Requester {
  private final ClientFactory factory;
  private final WebClient client;
  private final Receiver receiver;
  private final String path;
  private final String filler;

  PublishRequester(ClientFactory factory, Target target, int payloadBytes, Receiver receiver) {
    this.factory = factory;
    this.receiver = receiver;
    this.client = WebClient.builder("h1c://" + target.host() + ":" + target.port()).factory(factory)
        .responseTimeout(Duration.ZERO).build();
    this.path = "/v1.0/publish/" + target.store() + "/" + target.key();
    // {"bench":"1:123456:1234567890","data":"..."}: about 30 bytes around the data, tags vary by a few
    this.filler = "x".repeat(Math.max(1, payloadBytes - 44));
  }

  @Override
  public CompletableFuture<Integer> send() {
    return send(System.nanoTime());
  }

  @Override
  public CompletableFuture<Integer> send(long dueNs) {
    String body = "{\"" + Receiver.TAG_FIELD + "\":\"" + receiver.current().nextTag(dueNs) + "\",\"data\":\""
        + filler + "\"}";
    HttpRequest request = HttpRequest.of(HttpMethod.POST, path, MediaType.JSON,
        body.getBytes(StandardCharsets.US_ASCII));
    return client.execute(request).aggregate().thenApply(response -> response.status().code());
  }

  @Override
  public void close() {
    factory.close();
  }
}
