package io.jdaprd.bench.load;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.common.util.EventLoopGroups;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Makes the requesters of a run, one per connection, on a shared set of event loops (the generator's threads):
 * Armeria client factories for HTTP and gRPC, one Lettuce client for Redis. Also the event loops the lanes
 * schedule their sends on, and the {@link Receiver} that pub/sub runs publish to.
 */
final class Requesters implements AutoCloseable {
  private final EventLoopGroup group;
  private final int threads;
  private ClientResources redisResources;
  private Receiver receiver;
  private ActorApp actorApp;

  Requesters(int threads) {
    this.threads = threads;
    this.group = EventLoopGroups.newEventLoopGroup(threads, "load-loop", true);
  }

  EventLoopGroup group() {
    return group;
  }

  /**
   * One requester holding one connection to {@code target}, sending {@code value} where the op sends one; HTTP and
   * gRPC connections live on {@code loop}, so that answers arrive on the thread the lane runs on.
   */
  Requester create(Target target, byte[] value, EventLoop loop) {
    return create(target, value, value.length, loop);
  }

  /**
   * The same, for a spec whose payload is {@code uploadBytes} long: an {@code upload} streams that many bytes and
   * is given no {@code value} (an empty array), since a body of hundreds of MB is never held whole.
   */
  Requester create(Target target, byte[] value, long uploadBytes, EventLoop loop) {
    if (target.op().equals("lock")) {
      return new LockRequester(target.protocol().equals("redis") ? null : factory(loop),
          target.protocol().equals("redis") ? redisClient(target) : null, target);
    }
    return switch (target.protocol()) {
      case "http" -> switch (target.op()) {
        case "publish" -> new PublishRequester(factory(loop), target, value.length, receiver());
        case "upload" -> new UploadRequester(factory(loop), target, uploadBytes);
        default -> new HttpRequester(factory(loop), target, value);
      };
      case "grpc" -> target.op().equals("invoke") ? new GrpcInvokeRequester(factory(loop), target, value)
          : new GrpcRequester(factory(loop), target, value);
      case "redis" -> new RedisRequester(redisClient(target), target, value);
      default -> throw new IllegalArgumentException("protocol: " + target.protocol()
          + " (expected: http, grpc or redis)");
    };
  }

  /** The pub/sub scenario's app, started on the first call and kept until {@link #close()}. */
  synchronized Receiver receiver() {
    if (receiver == null) {
      receiver = new Receiver(group);
    }
    return receiver;
  }

  /** The actors scenario's app, started on the first call and kept until {@link #close()}. */
  synchronized ActorApp actorApp() {
    if (actorApp == null) {
      actorApp = new ActorApp(group);
    }
    return actorApp;
  }

  private static ClientFactory factory(EventLoop loop) {
    return ClientFactory.builder().workerGroup(loop, false).connectTimeout(Duration.ofSeconds(5))
        .idleTimeout(Duration.ofMinutes(5)).useHttp1Pipelining(false).build();
  }

  private RedisClient redisClient(Target target) {
    if (redisResources == null) {
      redisResources = DefaultClientResources.builder().ioThreadPoolSize(threads).computationThreadPoolSize(1)
          .build();
    }
    return RedisClient.create(redisResources, RedisURI.create(target.host(), target.port()));
  }

  /** Sends one save of {@code value} to the key a get target reads, so that the gets find a value. */
  void prepare(Target target, byte[] value) throws Exception {
    if (!target.op().equals("get")) {
      return;
    }
    Target save = new Target(target.name(), target.protocol(), target.host(), target.port(), "save",
        target.store(), target.key(), null, target.expect());
    try (Requester r = create(save, value, group.next())) {
      r.send().get(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    if (receiver != null) {
      receiver.close();
    }
    if (actorApp != null) {
      actorApp.close();
    }
    if (redisResources != null) {
      redisResources.shutdown(0, 2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
