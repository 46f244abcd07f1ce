package io.jdaprd.placement.server;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.jdaprd.proto.placement.v1.PlacementTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The placement service on its own gRPC port: {@link #start} binds and serves until {@link #close}. Liveness of the
 * sidecars is gRPC keepalive (the service pings every {@code keepAliveTime}, a connection silent for
 * {@code keepAliveTimeout} after a ping is dropped) plus the dissemination timeout, as in daprd 1.18.
 */
public final class PlacementServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlacementServer.class);

  /**
   * How the service runs; {@link #defaults()} are daprd's placement defaults.
   *
   * @param listenAddress the address to bind (empty: all interfaces)
   * @param port the gRPC port (0: any free port)
   * @param nodeId this replica's id, named in refusals when not the leader
   * @param replicationFactor virtual nodes per host on each ring
   * @param keepAliveTime interval of the service's keepalive pings
   * @param keepAliveTimeout how long a ping may stay unanswered before the connection is dropped
   * @param disseminateTimeout how long a round's phase may wait for acknowledgements before laggards are dropped
   * @param leadership whether this replica serves (the seam for leader election); the server closes it
   */
  public record Options(String listenAddress, int port, String nodeId, int replicationFactor, Duration keepAliveTime,
      Duration keepAliveTimeout, Duration disseminateTimeout, Leadership leadership) {

    /** daprd's placement defaults: port 50005, id dapr-placement-0, 100 virtual nodes, keepalive 2 s / 3 s, 8 s. */
    public static Options defaults() {
      return new Options("", 50005, "dapr-placement-0", 100, Duration.ofSeconds(2), Duration.ofSeconds(3),
          Duration.ofSeconds(8), Leadership.single());
    }

    public Options withPort(int p) {
      return new Options(listenAddress, p, nodeId, replicationFactor, keepAliveTime, keepAliveTimeout,
          disseminateTimeout, leadership);
    }

    public Options withDisseminateTimeout(Duration d) {
      return new Options(listenAddress, port, nodeId, replicationFactor, keepAliveTime, keepAliveTimeout, d,
          leadership);
    }

    /** These options for the replica {@code id} that serves while {@code l} says it leads. */
    public Options withLeadership(String id, Leadership l) {
      return new Options(listenAddress, port, id, replicationFactor, keepAliveTime, keepAliveTimeout,
          disseminateTimeout, l);
    }
  }

  private final Server server;
  private final PlacementService service;
  private final ScheduledExecutorService loop;
  private final Leadership leadership;

  private PlacementServer(Server server, PlacementService service, ScheduledExecutorService loop,
      Leadership leadership) {
    this.server = server;
    this.service = service;
    this.loop = loop;
    this.leadership = leadership;
  }

  /** Binds and starts serving; throws {@link UncheckedIOException} when the port cannot be bound. */
  public static PlacementServer start(Options options) {
    ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "placement-loop");
      t.setDaemon(true);
      return t;
    });
    PlacementService service = new PlacementService(options.nodeId(), options.leadership(),
        options.replicationFactor(), options.disseminateTimeout(), loop);
    options.leadership().watch(new Leadership.Listener() {
      @Override
      public void elected() {
        LOG.info("Placement node id={} serves sidecars as the leader", options.nodeId());
      }

      @Override
      public void lost(String why) {
        service.leadershipLost(why);
      }
    });
    InetSocketAddress bind = options.listenAddress().isEmpty() ? new InetSocketAddress(options.port())
        : new InetSocketAddress(options.listenAddress(), options.port());
    Server server = NettyServerBuilder.forAddress(bind).addService(service)
        .keepAliveTime(options.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(options.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveTime(1, TimeUnit.SECONDS).permitKeepAliveWithoutCalls(true).build();
    try {
      server.start();
    } catch (IOException e) {
      loop.shutdownNow();
      options.leadership().close();
      throw new UncheckedIOException("cannot listen on port " + options.port() + ": " + e.getMessage(), e);
    }
    LOG.info("Placement service started on port {}", server.getPort());
    return new PlacementServer(server, service, loop, options.leadership());
  }

  /** The bound gRPC port. */
  public int port() {
    return server.getPort();
  }

  /** The current tables of {@code namespace}, as the next round would disseminate them. */
  public PlacementTables tables(String namespace) {
    return service.tables(namespace).join();
  }

  /** The placement tables of every namespace as daprd's {@code /placement/state} renders them (JSON). */
  public String stateJson() {
    return service.stateJson().join();
  }

  /** Whether this replica leads now (always, for a single one). */
  public boolean isLeader() {
    return leadership.isLeader();
  }

  /**
   * Gives up leadership (the next replica leads at once), ends every stream (UNAVAILABLE "placement server is
   * shutting down") and stops serving.
   */
  @Override
  public void close() {
    leadership.close();
    service.shutdown();
    server.shutdown();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    loop.shutdownNow();
    LOG.info("Placement GRPC server stopped");
  }
}
