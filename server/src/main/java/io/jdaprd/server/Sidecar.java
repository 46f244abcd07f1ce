package io.jdaprd.server;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.metric.MetricCollectingService;
import io.jdaprd.api.grpc.DaprGrpcApi;
import io.jdaprd.api.http.DaprHttpApi;
import io.jdaprd.appchannel.AppChannelSettings;
import io.jdaprd.appchannel.AppChannels;
import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.pubsub.PubSubBlock;
import io.jdaprd.core.pubsub.PubSubs;
import io.jdaprd.core.pubsub.delivery.RetryPolicy;
import io.jdaprd.core.pubsub.routing.SubscriptionResources;
import io.jdaprd.core.pubsub.delivery.Subscriptions;
import io.jdaprd.core.pubsub.TopicScopes;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.core.component.ComponentDefinition;
import io.jdaprd.core.component.Components;
import io.jdaprd.core.component.LoadProblem;
import io.jdaprd.core.component.ResourceLoader;
import io.jdaprd.core.health.HealthBlock;
import io.jdaprd.core.health.Readiness;
import io.jdaprd.core.metadata.MetadataBlock;
import io.jdaprd.core.metadata.MetadataView;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.core.runtime.Lifecycle;
import io.jdaprd.core.state.KeyPrefix;
import io.jdaprd.core.state.StateBlock;
import io.jdaprd.core.state.StateStores;
import io.jdaprd.spi.state.StateStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running sidecar: resources loaded, components initialised, the HTTP and gRPC API servers (and the metrics
 * server) started. {@link #stop()} drains requests in flight for up to {@code --dapr-graceful-shutdown-seconds},
 * then closes the components; it runs once, whether asked through the API, by a signal or by a test.
 */
public final class Sidecar {
  private static final Logger LOG = LoggerFactory.getLogger(Sidecar.class);

  private final Settings settings;
  private final Components components;
  private Subscriptions subscriptions;
  private AppChannel appChannel;
  private final List<Server> servers = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch started = new CountDownLatch(1);
  private Server httpServer;
  private Server grpcServer;

  private Sidecar(Settings settings, Components components) {
    this.settings = settings;
    this.components = components;
  }

  /** Loads resources, starts everything, and returns once both API servers listen. */
  static Sidecar start(Settings settings, Map<String, String> env) {
    long started = System.nanoTime();
    Readiness inbound = new Readiness().register(HealthBlock.RUNTIME).register(HealthBlock.HTTP_SERVER)
        .register(HealthBlock.GRPC_SERVER);
    Readiness outbound = new Readiness().register("app");

    List<ComponentDefinition> definitions = new ArrayList<>();
    List<LoadProblem> problems = new ArrayList<>();
    List<TopicSubscription> declarative = new ArrayList<>();
    ResourceLoader loader = new ResourceLoader(settings.appId(), settings.namespace(), env::get);
    List<Path> paths = settings.resourcesPaths();
    if (paths.isEmpty()) {
      paths = EmbeddedDefaults.defaultResourcesFolder(env).map(List::of).orElse(List.of());
    }
    if (paths.isEmpty()) {
      definitions.addAll(EmbeddedDefaults.components(env));
      LOG.info("no resources path: using the embedded defaults, statestore (state.sqlite) in {} and pubsub "
          + "(pubsub.in-memory)", EmbeddedDefaults.dataDirectory(env).resolve("state.db"));
    } else {
      ResourceLoader.Result read = loader.load(paths);
      definitions.addAll(read.components());
      problems.addAll(read.problems());
      SubscriptionResources.Result subs =
          new SubscriptionResources(settings.appId(), settings.namespace()).read(read.others());
      declarative.addAll(subs.subscriptions());
      problems.addAll(subs.problems());
    }
    Components components = Components.start(definitions, problems, BuiltInComponents.types(), settings.appId(),
        d -> keyPrefixProblem(d, settings));
    Sidecar sidecar = new Sidecar(settings, components);
    // A resource that failed to load keeps healthz at 500 (the sidecar still serves everything else), unless the
    // component asked for its errors to be ignored; healthz/outbound, which SDKs wait on, is not held back.
    java.util.Set<String> loadedNames = new java.util.HashSet<>();
    components.loaded().forEach(c -> loadedNames.add(c.name()));
    components.problems().stream().filter(p -> !p.ignored())
        .forEach(p -> inbound.register(p.component() != null && !loadedNames.contains(p.component())
            ? p.readinessTarget() : "file-" + p.source().getFileName()));

    Lifecycle lifecycle = new Lifecycle(sidecar::stop);
    PubSubs brokers = pubsubs(components, settings);
    PubSubBlock pubsub = new PubSubBlock(settings.appId(), brokers);
    sidecar.subscriptions = new Subscriptions(brokers, pubsub, RetryPolicy.DEFAULT);
    Blocks blocks = new Blocks(settings.appId(), new StateBlock(stateStores(components, settings)), pubsub,
        sidecar.subscriptions, new HealthBlock(settings.appId(), inbound, outbound),
        new MetadataBlock(settings.appId(), RuntimeVersion.get(), components, new MetadataView.AppConnection(
            settings.appPort() == null ? 0 : settings.appPort(), settings.appProtocol(), settings.appChannelAddress(),
            Math.max(settings.appMaxConcurrency(), 0)), sidecar.subscriptions::active), lifecycle);
    inbound.ready(HealthBlock.RUNTIME);

    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      ServerBuilder http = serverBuilder(settings, settings.httpPort(), metrics);
      DaprHttpApi.addTo(http, blocks, settings.api());
      sidecar.httpServer = sidecar.startServer(http);
      inbound.ready(HealthBlock.HTTP_SERVER);

      // No whole-request cap: the gRPC service limits each message, answering RESOURCE_EXHAUSTED as daprd does.
      ServerBuilder grpc = serverBuilder(settings, settings.grpcPort(), metrics).maxRequestLength(0);
      grpc.service(DaprGrpcApi.create(blocks, settings.api()));
      sidecar.grpcServer = sidecar.startServer(grpc);
      inbound.ready(HealthBlock.GRPC_SERVER);

      if (settings.enableMetrics()) {
        ServerBuilder m = Server.builder().http(settings.metricsPort());
        m.service("/metrics", (ctx, req) -> com.linecorp.armeria.common.HttpResponse.of(
            com.linecorp.armeria.common.MediaType.PLAIN_TEXT_UTF_8, metrics.scrape()));
        m.service("/", (ctx, req) -> com.linecorp.armeria.common.HttpResponse.of(
            com.linecorp.armeria.common.MediaType.PLAIN_TEXT_UTF_8, metrics.scrape()));
        sidecar.startServer(m);
      }
    } catch (RuntimeException e) {
      sidecar.started.countDown();
      sidecar.stop();
      throw e;
    }
    outbound.ready("app");
    if (settings.appPort() != null) {
      sidecar.appChannel = AppChannels.create(new AppChannelSettings(settings.appProtocol(),
          settings.appChannelAddress(), settings.appPort(), settings.appApiToken(), settings.appMaxConcurrency(),
          AppChannelSettings.DEFAULT_CALL_TIMEOUT));
      AppStartup.start(settings, sidecar.appChannel, sidecar.subscriptions, declarative, inbound);
    } else if (!declarative.isEmpty()) {
      LOG.warn("{} declarative subscription(s) not started: there is no app to deliver to (no --app-port)",
          declarative.size());
    }
    sidecar.started.countDown();
    LOG.info("dapr initialized. Status: Running. app id: {}, HTTP API on port {}, gRPC API on port {}, "
        + "{} component(s), {} problem(s), init elapsed {} ms", settings.appId(), sidecar.httpPort(),
        sidecar.grpcPort(), components.loaded().size(), components.problems().size(),
        (System.nanoTime() - started) / 1_000_000);
    return sidecar;
  }

  private static ServerBuilder serverBuilder(Settings settings, int port, PrometheusMeterRegistry metrics) {
    ServerBuilder sb = Server.builder().meterRegistry(metrics)
        .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(settings.gracefulShutdownSeconds()))
        .decorator(MetricCollectingService.newDecorator(
            com.linecorp.armeria.common.metric.MeterIdPrefixFunction.ofDefault("dapr.api")));
    if (settings.listenAddresses().isEmpty()) {
      sb.http(port);
    } else {
      for (String address : settings.listenAddresses()) {
        sb.http(new InetSocketAddress(address.trim().replace("[", "").replace("]", ""), port));
      }
    }
    return sb;
  }

  private Server startServer(ServerBuilder sb) {
    Server server = sb.build();
    server.start().join();
    servers.add(server);
    return server;
  }

  private static String keyPrefixProblem(ComponentDefinition d, Settings settings) {
    if (!d.type().startsWith("state.")) {
      return null;
    }
    try {
      KeyPrefix.of(d.metadata().get("keyPrefix"), d.name(), settings.appId(), settings.namespace());
      return null;
    } catch (IllegalArgumentException e) {
      return "spec.metadata.keyPrefix: " + e.getMessage() + " (expected: a prefix without '||')";
    }
  }

  private static PubSubs pubsubs(Components components, Settings settings) {
    List<PubSubs.Entry> entries = new ArrayList<>();
    components.loaded().forEach(c -> {
      if (c.instance() instanceof PubSub broker) {
        entries.add(new PubSubs.Entry(c.name(), broker,
            TopicScopes.of(c.definition().metadata(), settings.appId()), c.definition().metadata()));
      }
    });
    return new PubSubs(entries);
  }

  private static StateStores stateStores(Components components, Settings settings) {
    Map<String, StateStores.Store> stores = new LinkedHashMap<>();
    components.loaded().forEach(c -> {
      if (c.instance() instanceof StateStore store) {
        stores.put(c.name(), new StateStores.Store(c.name(), store, KeyPrefix.of(
            c.definition().metadata().get("keyPrefix"), c.name(), settings.appId(), settings.namespace())));
      }
    });
    return new StateStores(stores, settings.appId());
  }

  /** The HTTP API's actual port (useful when started on port 0). */
  public int httpPort() {
    return httpServer.activeLocalPort();
  }

  /** The gRPC API's actual port. */
  public int grpcPort() {
    return grpcServer.activeLocalPort();
  }

  /** Drains and stops the servers, then closes the components; later calls wait for the first. */
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
      if (subscriptions != null) {
        subscriptions.close(); // stop taking messages, finish the deliveries in flight
      }
      java.util.concurrent.CompletableFuture.allOf(servers.stream().map(Server::stop)
          .toArray(java.util.concurrent.CompletableFuture[]::new)).join();
      if (appChannel != null) {
        appChannel.close();
      }
      components.close();
      LOG.info("stopped");
    } finally {
      stopped.countDown();
    }
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
