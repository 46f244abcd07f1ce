package io.jdaprd.server;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.grpc.DaprGrpcApi;
import io.jdaprd.api.http.DaprHttpApi;
import io.jdaprd.appchannel.AppChannelSettings;
import io.jdaprd.appchannel.AppChannels;
import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.health.HealthBlock;
import io.jdaprd.core.invoke.InvokeBlock;
import io.jdaprd.messaging.GrpcProxy;
import io.jdaprd.core.actors.ActorsBlock;
import io.jdaprd.messaging.InternalServer;
import io.jdaprd.messaging.RemoteActorCalls;
import io.jdaprd.messaging.SidecarTls;
import io.jdaprd.core.metadata.MetadataView;
import io.jdaprd.core.metrics.Exposition;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.metrics.MetricsSpec;
import io.jdaprd.core.runtime.Features;
import io.jdaprd.core.tracing.TracedAppChannel;
import io.jdaprd.core.tracing.Tracing;
import io.jdaprd.server.tracing.ApiTracing;
import io.jdaprd.server.tracing.OtelTracing;
import io.jdaprd.core.runtime.Resources;
import io.jdaprd.core.runtime.Runtime;
import io.jdaprd.core.runtime.RuntimeOptions;
import io.jdaprd.core.secrets.SecretScopes;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running sidecar: the runtime assembled from the resources, the HTTP and gRPC API servers (and the metrics
 * server) started. {@link #stop()} drains requests in flight for up to {@code --dapr-graceful-shutdown-seconds},
 * then closes the runtime; it runs once, whether asked through the API, by a signal or by a test.
 */
public final class Sidecar {
  private static final Logger LOG = LoggerFactory.getLogger(Sidecar.class);

  private final Settings settings;
  private Runtime runtime;
  private final List<Server> servers = new ArrayList<>();
  private final List<ConnectionDrain> connections = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch started = new CountDownLatch(1);
  private Server httpServer;
  private Server grpcServer;
  private Server internalServer;
  private Invocation invocation;
  private GrpcProxy proxy;
  private ClusterPlacement placement;
  private Tracing tracing = Tracing.OFF;

  private Sidecar(Settings settings) {
    this.settings = settings;
  }

  /**
   * Starts a sidecar inside this JVM from daprd's flags, as the {@code jdaprd} process does but without touching
   * process-wide state: logging is left as the caller set it up, no shutdown hook is added and nothing exits the JVM.
   * Several sidecars may run side by side (give them port 0 and {@code --enable-metrics=false}, or distinct ports).
   *
   * @param args daprd's flags, as {@link Flags} reads them
   * @param env the environment the sidecar sees ({@code NAMESPACE}, {@code DAPR_API_TOKEN}, {@code HOME}, ...)
   * @return the started sidecar; the caller stops it
   * @throws IllegalArgumentException for a bad flag or value (the message is one line naming it)
   * @throws IllegalStateException or {@link java.util.concurrent.CompletionException} when it cannot start
   */
  public static Sidecar launch(List<String> args, Map<String, String> env) {
    return launch(args, env, java.time.Clock.systemUTC());
  }

  /**
   * As {@link #launch(List, Map)}, with actor timers, reminders and idle deactivation on {@code clock} (an
   * embedding's test clock).
   */
  public static Sidecar launch(List<String> args, Map<String, String> env, java.time.Clock clock) {
    Warmup.start();
    Flags flags = new Flags();
    Settings settings;
    try {
      Flags.parser(flags).parseArgs(args.toArray(String[]::new));
      settings = Settings.from(flags, env);
    } catch (picocli.CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage().lines().findFirst().orElse("bad arguments"), e);
    } catch (Settings.BadFlagException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    settings.warnings().forEach(LOG::warn);
    return start(settings, env, clock);
  }

  /** Loads resources, starts everything on the system clock, and returns once both API servers listen. */
  static Sidecar start(Settings settings, Map<String, String> env) {
    return start(settings, env, java.time.Clock.systemUTC());
  }

  private static Sidecar start(Settings settings, Map<String, String> env, java.time.Clock schedulerClock) {
    long startedAt = System.nanoTime();
    PhaseClock clock = new PhaseClock();
    Sidecar sidecar = new Sidecar(settings);
    Metrics metrics = metrics(settings);
    Pipelines pipelines = Pipelines.from(settings.configSpec());
    sidecar.tracing = OtelTracing.fromConfiguration(settings.configSpec(), env, settings.appId());
    AppChannel appChannel = TracedAppChannel.wrap(settings.appPort() == null ? null : AppChannels.create(
        new AppChannelSettings(settings.appProtocol(), settings.appChannelAddress(), settings.appPort(),
        settings.appApiToken(), settings.appMaxConcurrency(), AppChannelSettings.DEFAULT_CALL_TIMEOUT,
        settings.appHealth() == null ? null : settings.appHealth().path()), metrics, pipelines.appDecorator()),
        sidecar.tracing);
    Resources resources = ComponentDenyList.apply(resources(settings, env), settings.serving().deniedComponents());
    sidecar.invocation = new Invocation(settings, env, resources.httpEndpoints(), pipelines.appDecorator());
    sidecar.runtime = Runtime.assemble(options(settings).withClock(schedulerClock), BuiltInComponents.types(),
        resources, appChannel, sidecar.invocation.peers(), sidecar::stop, metrics);
    pipelines.use(sidecar.runtime.components());
    clock.mark("resources and runtime");
    try {
      ServerBuilder http = sidecar.serverBuilder("http", settings.httpPort());
      if (metrics.enabled()) {
        http.decorator(ApiMetrics.http(metrics));
      }
      if (sidecar.tracing.enabled()) {
        http.decorator(ApiTracing.http(sidecar.tracing));
      }
      Serving serving = settings.serving();
      DaprHttpApi.addTo(http, sidecar.runtime.blocks(), settings.api(), serving.apiAccess(), serving.apiLogging(),
          serving.allowedOrigins(), pipelines.serverDecorator());
      clock.mark("HTTP routes");
      sidecar.httpServer = sidecar.startServer(http);
      sidecar.runtime.apiServerStarted(HealthBlock.HTTP_SERVER);
      clock.mark("HTTP server start");

      // No whole-request cap: the gRPC service limits each message, answering RESOURCE_EXHAUSTED as daprd does.
      ServerBuilder grpc = sidecar.serverBuilder("grpc", settings.grpcPort()).maxRequestLength(0);
      if (metrics.enabled()) {
        grpc.decorator(ApiMetrics.grpc(metrics));
      }
      if (sidecar.tracing.enabled()) {
        grpc.decorator(ApiTracing.grpc(sidecar.tracing, settings.appId()));
      }
      sidecar.proxy = new GrpcProxy(sidecar.runtime.blocks().get(InvokeBlock.class), grpcApp(settings),
          sidecar.invocation.tls());
      DaprGrpcApi.addTo(grpc, sidecar.runtime.blocks(), settings.api(),
          (ctx, req, appId) -> sidecar.proxy.proxy(ctx, req, appId, null), serving.apiAccess(), serving.apiLogging());
      clock.mark("gRPC service");
      sidecar.grpcServer = sidecar.startServer(grpc);
      sidecar.runtime.apiServerStarted(HealthBlock.GRPC_SERVER);
      clock.mark("gRPC server start");

      ServerBuilder internal = sidecar.internalServerBuilder();
      if (sidecar.tracing.enabled()) {
        internal.decorator(ApiTracing.grpc(sidecar.tracing, settings.appId()));
      }
      ActorsBlock actors = sidecar.runtime.blocks().get(ActorsBlock.class);
      internal.service(InternalServer.service(sidecar.runtime.blocks().get(InvokeBlock.class), actors.callee(),
          settings.api().maxBodySize()));
      internal.serviceUnder("/", (ctx, req) -> {
        String target = GrpcProxy.targetOf(req.headers());
        return target == null ? GrpcProxy.trailersOnly(io.grpc.Status.UNKNOWN.withDescription("failed to proxy "
            + "request: required metadata dapr-callee-app-id or dapr-app-id not found"))
            : sidecar.proxy.proxy(ctx, req, target, SidecarTls.peerSpiffeId(ctx));
      });
      sidecar.internalServer = sidecar.startServer(internal);
      sidecar.invocation.register(sidecar.internalServer.activeLocalPort(), sidecar.httpPort());
      sidecar.runtime.apiServerStarted(HealthBlock.INTERNAL_SERVER);
      clock.mark("internal gRPC server start and name resolution");
      if (!settings.placementAddresses().isEmpty()) {
        String namespace = settings.namespace() == null ? RuntimeOptions.DEFAULT_NAMESPACE : settings.namespace();
        sidecar.placement = new ClusterPlacement(settings.placementAddresses(), sidecar.invocation.hostAddress()
            + ":" + sidecar.internalGrpcPort(), settings.appId(), namespace);
        actors.joinCluster(sidecar.placement, new RemoteActorCalls(sidecar.invocation.client(), namespace));
        LOG.info("actors: joining placement at {}", settings.placementAddresses());
      }

      if (settings.enableMetrics()) {
        ServerBuilder m = Server.builder().http(new InetSocketAddress(settings.metricsListenAddress(),
            settings.metricsPort())).bossGroupFactory(AcceptorGroups::create);
        com.linecorp.armeria.server.HttpService scrape = (ctx, req) -> {
          boolean openMetrics = Exposition.wantsOpenMetrics(req.headers().get("accept"));
          return HttpResponse.of(MediaType.parse(openMetrics ? Exposition.OPEN_METRICS : Exposition.TEXT),
              metrics.scrape(openMetrics));
        };
        m.service("/metrics", scrape);
        m.service("/", scrape);
        sidecar.startServer(m);
        clock.mark("metrics server start");
      }
      ExtraServers.builders(settings, sidecar.runtime.blocks()).forEach(sidecar::startServer);
    } catch (RuntimeException e) {
      sidecar.started.countDown();
      sidecar.stop();
      throw e;
    }
    sidecar.runtime.start();
    List<Path> watched = resourcesPaths(settings, env);
    sidecar.runtime.onMiddlewareReloaded(() -> pipelines.use(sidecar.runtime.components()));
    sidecar.runtime.onRestartNeeded(what -> {
      if (Restarts.request()) {
        LOG.info("hot reload: the {} changed: restarting the runtime", what);
      } else {
        LOG.warn("hot reload: the {} changed; restart to apply it", what);
      }
    });
    sidecar.runtime.watchResources(watched, settings.hotReloadInterval(), () -> ComponentDenyList.apply(
        Resources.load(watched, settings.appId(), settings.namespace(), env::get),
        settings.serving().deniedComponents()));
    LOG.debug("startup phases: {}", clock);
    // Logged before a shutdown asked for meanwhile may proceed (it waits for started): a stopped server has no port.
    LOG.info("dapr initialized. Status: Running. app id: {}, HTTP API on port {}, gRPC API on port {}, internal "
        + "gRPC on port {}, {} component(s), {} problem(s), init elapsed {} ms", settings.appId(), sidecar.httpPort(),
        sidecar.grpcPort(), sidecar.internalGrpcPort(), sidecar.runtime.components().loaded().size(),
        sidecar.runtime.components().problems().size(), (System.nanoTime() - startedAt) / 1_000_000);
    sidecar.started.countDown();
    return sidecar;
  }

  private static RuntimeOptions options(Settings settings) {
    return new RuntimeOptions(settings.appId(), settings.namespace(), RuntimeVersion.get(),
        new MetadataView.AppConnection(settings.appPort() == null ? 0 : settings.appPort(), settings.appProtocol(),
            settings.appChannelAddress(), Math.max(settings.appMaxConcurrency(), 0), settings.appHealth()),
        settings.subscribeEndpoint(), List.of(HealthBlock.HTTP_SERVER, HealthBlock.GRPC_SERVER,
        HealthBlock.INTERNAL_SERVER))
        .withSecretScopes(secretScopes(settings)).withFeatures(features(settings));
  }

  /** The Configuration's {@code spec.features} with daprd's defaults; an invalid list stops the start. */
  private static Features features(Settings settings) {
    try {
      return Features.parse(settings.configSpec());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Configuration " + e.getMessage());
    }
  }

  /**
   * daprd's metrics as the Configuration's {@code spec.metrics} says, none recorded with
   * {@code --enable-metrics=false}; an invalid one stops the start. The {@code namespace} label is
   * {@code NAMESPACE}, empty without it, as in daprd's self-hosted mode.
   */
  private static Metrics metrics(Settings settings) {
    try {
      Metrics metrics = new Metrics(settings.appId(), settings.namespace(), MetricsSpec.parse(settings.configSpec()));
      // Nothing would read them: without the metrics server nothing is recorded (the settings are still checked).
      return settings.enableMetrics() ? metrics : Metrics.NONE;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Configuration " + e.getMessage());
    }
  }

  /** The Configuration's {@code spec.secrets.scopes}; an invalid one stops the start, as in daprd. */
  private static SecretScopes secretScopes(Settings settings) {
    try {
      return SecretScopes.parse(settings.configSpec().path("secrets"));
    } catch (IllegalArgumentException e) {
      // No cause: Main reports the cause's message when there is one, and this one names the field.
      throw new IllegalStateException("Configuration spec.secrets: " + e.getMessage());
    }
  }

  /** The resources of {@code --resources-path}, else daprd's default folder, else the embedded defaults. */
  private static Resources resources(Settings settings, Map<String, String> env) {
    List<Path> paths = resourcesPaths(settings, env);
    if (paths.isEmpty()) {
      LOG.info("no resources path: using the embedded defaults, statestore (state.sqlite) in {} and pubsub "
          + "(pubsub.in-memory)", EmbeddedDefaults.dataDirectory(env).resolve("state.db"));
      return Resources.of(EmbeddedDefaults.components(env));
    }
    return Resources.load(paths, settings.appId(), settings.namespace(), env::get);
  }

  /** {@code --resources-path}, else daprd's default folder when it exists; empty for the embedded defaults. */
  private static List<Path> resourcesPaths(Settings settings, Map<String, String> env) {
    List<Path> paths = settings.resourcesPaths();
    return paths.isEmpty() ? EmbeddedDefaults.defaultResourcesFolder(env).map(List::of).orElse(List.of()) : paths;
  }

  /**
   * An API server on {@code port}: {@link #stop()} drains its requests in flight for up to
   * {@code --dapr-graceful-shutdown-seconds} ({@link ConnectionDrain}); Armeria's own stop then aborts the
   * long-lived streams left (the graceful-shutdown timeout set here is what makes it do so), and its acceptor thread
   * ends without Netty's default quiet period of two seconds ({@link AcceptorGroups}). No request has a deadline of the server's own (Armeria's default is 10 s),
   * as daprd's API servers set none: a slow app, a large streamed body or a long-lived gRPC stream runs as long as
   * the caller waits. With {@code --unix-domain-socket} it listens on the socket of {@code kind} ({@code http} or
   * {@code grpc}) instead ({@link Listeners}).
   */
  private ServerBuilder serverBuilder(String kind, int port) {
    ServerBuilder sb = Server.builder()
        .requestTimeoutMillis(0)
        .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(settings.gracefulShutdownSeconds()))
        .connectionDrainDurationMicros(0) // ConnectionDrain drains; Armeria's would hold an HTTP/2 connection 1 s more
        .bossGroupFactory(AcceptorGroups::create);
    Listeners.listen(sb, settings, kind, port);
    long readBuffer = settings.serving().readBufferSize();
    if (readBuffer > 0 && kind.equals("http")) {
      int headers = (int) Math.min(readBuffer + 4096, Integer.MAX_VALUE);
      sb.http1MaxHeaderSize(headers).http2MaxHeaderListSize(headers);
    } else if (readBuffer > 0 && kind.equals("grpc")) {
      sb.http2MaxHeaderListSize(Math.min(readBuffer << 10, 0xFFFFFFFFL));
    }
    return sb;
  }

  /** The app the gRPC proxy forwards to: a gRPC app ({@code grpc}, {@code grpcs}), else none. */
  private static GrpcProxy.App grpcApp(Settings settings) {
    if (settings.appPort() == null || !settings.appProtocol().startsWith("grpc")) {
      return null;
    }
    return new GrpcProxy.App(settings.appChannelAddress(), settings.appPort(), settings.appProtocol().equals("grpcs"),
        settings.appApiToken());
  }

  /**
   * The internal gRPC server of sidecar-to-sidecar calls, on {@code --dapr-internal-grpc-port} (a free port when
   * unset) and {@code --dapr-internal-grpc-listen-address} (all interfaces when unset), over mTLS with
   * {@code --enable-mtls}; bodies are limited per message by the gRPC service, not per request.
   */
  private ServerBuilder internalServerBuilder() {
    int port = settings.internalGrpcPort() == null ? 0 : settings.internalGrpcPort();
    ServerBuilder sb = Server.builder()
        .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(settings.gracefulShutdownSeconds()))
        .connectionDrainDurationMicros(0)
        .bossGroupFactory(AcceptorGroups::create)
        .maxRequestLength(0)
        .requestTimeoutMillis(0)
        .idleTimeout(Duration.ofMinutes(3));
    SidecarTls tls = invocation.tls();
    if (tls != null) {
      tls.serveOn(sb);
    }
    InetSocketAddress address = settings.internalGrpcListenAddress() == null ? new InetSocketAddress(port)
        : new InetSocketAddress(settings.internalGrpcListenAddress().replace("[", "").replace("]", ""), port);
    return tls != null ? sb.https(address) : sb.http(address);
  }

  /** This sidecar's app id. */
  public String appId() {
    return settings.appId();
  }

  /** The building blocks of the running runtime (for in-process test support: state reads, publish taps). */
  public io.jdaprd.core.runtime.Blocks blocks() {
    return runtime.blocks();
  }

  /** The internal gRPC API's actual port. */
  public int internalGrpcPort() {
    return internalServer.activeLocalPort();
  }

  private Server startServer(ServerBuilder sb) {
    connections.add(ConnectionDrain.on(sb));
    HeadersWithBody.on(sb);
    Server server = sb.build();
    server.start().join();
    servers.add(server);
    return server;
  }

  /** The HTTP API's actual port (useful when started on port 0); 0 when it listens on a Unix domain socket. */
  public int httpPort() {
    return Listeners.tcpPort(httpServer);
  }

  /** The gRPC API's actual port; 0 when it listens on a Unix domain socket. */
  public int grpcPort() {
    return Listeners.tcpPort(grpcServer);
  }

  /**
   * Stops as a signal asks: after {@code --dapr-block-shutdown-duration}'s wait when it is given
   * ({@link ShutdownBlock}), as {@link #stop()}.
   */
  public void stopAfterSignal() {
    try {
      started.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!stopping.get() && runtime != null) {
      ShutdownBlock.await(runtime, settings.serving().blockShutdown());
    }
    stop();
  }

  /** Drains and stops the servers, then closes the runtime; later calls wait for the first. */
  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      awaitStopped();
      return;
    }
    try {
      started.await(); // a shutdown asked for during startup waits until the servers listen
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("shutting down: draining requests for up to {} s", settings.gracefulShutdownSeconds());
    try {
      runtime.stopDeliveries(); // stop taking messages, finish the deliveries in flight
      connections.forEach(ConnectionDrain::closeIdle); // clients keeping a connection open do not hold the stop
      if (!ConnectionDrain.await(connections, Duration.ofSeconds(settings.gracefulShutdownSeconds()))) {
        LOG.warn("requests still in flight after {} s: stopping anyway", settings.gracefulShutdownSeconds());
      }
      CompletableFuture.allOf(servers.stream().map(Server::stop).toArray(CompletableFuture[]::new)).join();
      Listeners.removeSockets(settings);
      runtime.close();
      tracing.close();
      if (placement != null) {
        placement.close();
      }
      invocation.close();
      if (proxy != null) {
        proxy.close();
      }
      LOG.info("stopped");
    } finally {
      stopped.countDown();
    }
  }

  /** Whether the shutdown API was called on this sidecar (its process ends then, even during a restart). */
  public boolean shutdownRequested() {
    return runtime != null && runtime.blocks().get(io.jdaprd.core.runtime.Lifecycle.class).shutdownRequested();
  }

  /** Blocks until {@link #stop()} has finished. */
  public void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
