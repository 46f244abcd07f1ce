package io.jdaprd.server;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stop of one server, as daprd's: the requests in flight are answered (for up to
 * {@code --dapr-graceful-shutdown-seconds}) before the server stops, and clients that merely keep a connection open
 * do not hold the stop.
 *
 * <p>Once {@link #closeIdle()} has been called (the start of a stop), a connection with nothing in flight is closed at
 * once, any other as soon as its last request has been answered, and a new one as soon as it is accepted.
 * {@link #await} then waits until no request is in flight on any of the servers and their idle connections are
 * closed, except the long-lived streams a client ends when it likes (the streaming subscriptions to topics and
 * configuration, and the app's actor callback stream), which the server's own stop aborts.
 *
 * <p>Why not Armeria's graceful shutdown: with a quiet period of zero it drains nothing (a request still arriving is
 * cut after one second on HTTP/1 and at once on HTTP/2), and it gives each open connection, idle or not, up to one
 * second (its per-connection drain completes only for connections with unfinished requests), so an SDK's idle
 * keep-alive connection, or the shutdown request's own, made every stop a second longer. The servers also set
 * Armeria's connection drain duration to zero: closing an HTTP/2 connection (an SDK's gRPC channel) otherwise sends
 * a first GOAWAY and holds the connection a second before the last.
 *
 * <p>Connections are matched to requests by their addresses (TCP only; a Unix-domain-socket connection is left to
 * Armeria's stop). Counts change on any thread; a connection is closed on its own event loop, where requests start,
 * after checking again that nothing is in flight, so a request that has started is never cut by this class.
 */
final class ConnectionDrain {
  /** The gRPC methods whose streams last as long as the client wants: a stop does not wait for them. */
  private static final Set<String> LONG_LIVED = Set.of("/dapr.proto.runtime.v1.Dapr/SubscribeTopicEventsAlpha1",
      "/dapr.proto.runtime.v1.Dapr/SubscribeConfiguration", "/dapr.proto.runtime.v1.Dapr/SubscribeConfigurationAlpha1",
      "/dapr.proto.runtime.v1.Dapr/SubscribeActorEventsAlpha1");

  private final Map<Key, Connection> open = new ConcurrentHashMap<>();
  private final AtomicInteger drained = new AtomicInteger();
  private volatile boolean closing;

  private ConnectionDrain() {
  }

  /** Tracks the connections and requests of the server {@code sb} builds. */
  static ConnectionDrain on(ServerBuilder sb) {
    ConnectionDrain drain = new ConnectionDrain();
    sb.childChannelPipelineCustomizer(pipeline -> drain.accepted(pipeline.channel()));
    sb.decorator(drain::serve);
    return drain;
  }

  /** From now on, closes every connection that has nothing in flight, now or when its last request is answered. */
  void closeIdle() {
    closing = true;
    open.values().forEach(Connection::closeIfIdle);
  }

  /**
   * Waits until none of {@code drains} has a request in flight other than a long-lived stream, or {@code timeout}
   * has passed; returns whether they drained (false too when the waiting thread is interrupted, its flag kept).
   */
  static boolean await(List<ConnectionDrain> drains, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (drains.stream().anyMatch(ConnectionDrain::busy)) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a request other than a long-lived stream is in flight, or a connection with nothing in flight is not
   * closed yet: Armeria's stop would give such a connection a second.
   */
  private boolean busy() {
    return drained.get() > 0 || open.values().stream().anyMatch(c -> c.inFlight.get() == 0);
  }

  private void accepted(Channel channel) {
    Key key = Key.of(channel.remoteAddress(), channel.localAddress());
    if (key == null) {
      return;
    }
    if (closing) { // as Go's server, which closes its listeners first: no new connection once a stop has begun
      channel.eventLoop().execute(channel::close);
      return;
    }
    Connection connection = new Connection(channel);
    open.put(key, connection);
    channel.closeFuture().addListener(closed -> open.remove(key, connection));
  }

  private HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
    boolean awaited = !LONG_LIVED.contains(ctx.path());
    if (awaited) {
      drained.incrementAndGet();
    }
    Key key = Key.of(ctx.remoteAddress(), ctx.localAddress());
    Connection connection = key == null ? null : open.get(key);
    if (connection != null) {
      connection.inFlight.incrementAndGet();
    }
    if (awaited || connection != null) {
      ctx.log().whenComplete().thenRun(() -> {
        if (connection != null && connection.inFlight.decrementAndGet() == 0 && closing) {
          connection.closeIfIdle();
        }
        if (awaited) {
          drained.decrementAndGet();
        }
      });
    }
    return delegate.serve(ctx, req);
  }

  /** One accepted connection and the requests started on it and not yet answered. */
  private static final class Connection {
    private final Channel channel;
    private final AtomicInteger inFlight = new AtomicInteger();

    Connection(Channel channel) {
      this.channel = channel;
    }

    void closeIfIdle() {
      channel.eventLoop().execute(() -> {
        if (inFlight.get() == 0 && channel.isActive()) {
          channel.close();
        }
      });
    }
  }

  /** A TCP connection's two ends. */
  private record Key(InetSocketAddress remote, InetSocketAddress local) {
    static Key of(SocketAddress remote, SocketAddress local) {
      if (remote instanceof InetSocketAddress r && local instanceof InetSocketAddress l && r.getPort() != 0) {
        return new Key(r, l);
      }
      return null;
    }
  }
}
