package io.jdaprd.bench.load;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprLockProtos.TryLockRequest;
import io.dapr.v1.DaprLockProtos.TryLockResponse;
import io.dapr.v1.DaprLockProtos.UnlockRequest;
import io.dapr.v1.DaprLockProtos.UnlockResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One lock round trip per request: take a lock, then release it, on one connection; each requester has a resource
 * and an owner of its own, so the round trips never contend. Over {@code http} ({@code /v1.0-alpha1/lock} and
 * {@code unlock} of the store), {@code grpc} ({@code TryLockAlpha1}, {@code UnlockAlpha1}) or {@code redis} (what
 * {@code lock.redis} sends: {@code SET NX EX}, then the owner-checked release script). The answer is the release's
 * code (HTTP 200, gRPC or Redis 0) when both steps succeeded, else 409 (or the failing step's code).
 */
final class LockRequester implements Requester {
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static final String RELEASE = "local held = redis.call('GET', KEYS[1])\n"
      + "if held == false then return -1 end\n"
      + "if held ~= ARGV[1] then return -2 end\n"
      + "return redis.call('DEL', KEYS[1])\n";
  private static final int REFUSED = 409;

  private final String resource;
  private final String owner;
  private final String store;
  private ClientFactory factory;
  private WebClient http;
  private DaprGrpc.DaprStub grpc;
  private StatefulRedisConnection<String, String> redis;

  LockRequester(ClientFactory factory, RedisClient redisClient, Target target) {
    int n = NEXT.incrementAndGet();
    this.resource = target.key() + "-" + n;
    this.owner = "bench-owner-" + n;
    this.store = target.store();
    String base = target.host() + ":" + target.port();
    switch (target.protocol()) {
      case "http" -> {
        this.factory = factory;
        http = WebClient.builder("h1c://" + base).factory(factory).responseTimeout(Duration.ZERO).build();
      }
      case "grpc" -> {
        this.factory = factory;
        grpc = GrpcClients.builder("h2c://" + base).factory(factory).responseTimeout(Duration.ZERO)
            .build(DaprGrpc.DaprStub.class);
      }
      case "redis" -> redis = redisClient.connect(StringCodec.UTF8);
      default -> throw new IllegalArgumentException("protocol: " + target.protocol());
    }
  }

  @Override
  public CompletableFuture<Integer> send() {
    if (http != null) {
      String body = "{\"resourceId\":\"" + resource + "\",\"lockOwner\":\"" + owner + "\"";
      return post("/v1.0-alpha1/lock/" + store, body + ",\"expiryInSeconds\":30}", "{\"success\":true}")
          .thenCompose(code -> code != 200 ? CompletableFuture.completedFuture(code)
              : post("/v1.0-alpha1/unlock/" + store, body + "}", "{\"status\":0}"));
    }
    if (grpc != null) {
      return tryLockGrpc().thenCompose(code -> code != 0 ? CompletableFuture.completedFuture(code) : unlockGrpc());
    }
    RedisAsyncCommands<String, String> commands = redis.async();
    return commands.set(resource, owner, SetArgs.Builder.nx().ex(30)).toCompletableFuture()
        .thenCompose(ok -> !"OK".equals(ok) ? CompletableFuture.completedFuture(REFUSED)
            : commands.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {resource}, owner)
                .toCompletableFuture().thenApply(released -> released == 1L ? 0 : REFUSED));
  }

  private CompletableFuture<Integer> post(String path, String body, String expected) {
    return http.execute(HttpRequest.of(HttpMethod.POST, path, MediaType.JSON, body)).aggregate()
        .thenApply(r -> r.status().code() != 200 ? r.status().code()
            : r.contentUtf8().equals(expected) ? 200 : REFUSED);
  }

  @SuppressWarnings("deprecation")
  private CompletableFuture<Integer> tryLockGrpc() {
    Answer<TryLockResponse> answer = new Answer<>(r -> r.getSuccess());
    grpc.tryLockAlpha1(TryLockRequest.newBuilder().setStoreName(store).setResourceId(resource).setLockOwner(owner)
        .setExpiryInSeconds(30).build(), answer);
    return answer.future;
  }

  @SuppressWarnings("deprecation")
  private CompletableFuture<Integer> unlockGrpc() {
    Answer<UnlockResponse> answer = new Answer<>(r -> r.getStatus() == UnlockResponse.Status.SUCCESS);
    grpc.unlockAlpha1(UnlockRequest.newBuilder().setStoreName(store).setResourceId(resource).setLockOwner(owner)
        .build(), answer);
    return answer.future;
  }

  @Override
  public void close() {
    if (redis != null) {
      redis.close();
    }
    if (factory != null) {
      factory.close();
    }
  }

  /** Completes with 0 when the answer is what was wanted, 409 when not, the status code on failure. */
  private static final class Answer<T> implements StreamObserver<T> {
    final CompletableFuture<Integer> future = new CompletableFuture<>();
    private final Predicate<T> wanted;
    private boolean ok;

    Answer(Predicate<T> wanted) {
      this.wanted = wanted;
    }

    @Override
    public void onNext(T value) {
      ok = wanted.test(value);
    }

    @Override
    public void onError(Throwable t) {
      future.complete(Status.fromThrowable(t).getCode().value());
    }

    @Override
    public void onCompleted() {
      future.complete(ok ? 0 : REFUSED);
    }
  }
}
