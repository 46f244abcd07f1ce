package io.jdaprd.api.grpc;

import com.linecorp.armeria.server.Server;
import io.dapr.v1.DaprGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.core.component.ComponentDefinition;
import io.jdaprd.core.component.ComponentType;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.core.component.Components;
import io.jdaprd.core.health.HealthBlock;
import io.jdaprd.core.health.Readiness;
import io.jdaprd.core.metadata.MetadataBlock;
import io.jdaprd.core.metadata.MetadataView;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.core.runtime.Lifecycle;
import io.jdaprd.core.state.KeyPrefix;
import io.jdaprd.core.state.StateBlock;
import io.jdaprd.core.state.StateStores;
import io.jdaprd.errors.ErrorRendering;
import io.jdaprd.spi.state.StateStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real gRPC API for tests: an Armeria server on an ephemeral port serving {@link DaprGrpcApi} over the in-memory
 * store {@code statestore} (app id {@code myapp}), and a grpc-java Netty channel to it, as the Dapr SDKs use.
 */
final class Sidecar implements AutoCloseable {
  static final String APP_ID = "myapp";
  static final String RUNTIME_VERSION = "1.17.0-test";

  final Server server;
  final ManagedChannel channel;
  final Components components;
  final CountDownLatch shutdown = new CountDownLatch(1);

  private Sidecar(Options options) {
    components = Components.start(options.inMemoryStore ? List.of(new ComponentDefinition("statestore",
        InMemoryStateStore.TYPE, "v1", Map.of(), List.of(), false, Path.of("statestore.yaml"))) : List.of(),
        List.of(), new ComponentTypes().register(new ComponentType(InMemoryStateStore.TYPE, Set.of("v1"),
            InMemoryStateStore::new)), APP_ID, d -> null);
    Map<String, StateStores.Store> stores = new LinkedHashMap<>();
    components.ofKind(StateStore.class).forEach((name, store) -> stores.put(name, store(name, store)));
    options.extraStores.forEach((name, store) -> stores.put(name, store(name, store)));
    io.jdaprd.core.pubsub.PubSubs pubsubs = new io.jdaprd.core.pubsub.PubSubs(List.of());
    io.jdaprd.core.pubsub.PubSubBlock pubsub = new io.jdaprd.core.pubsub.PubSubBlock(APP_ID, pubsubs);
    io.jdaprd.core.pubsub.delivery.Subscriptions subscriptions = new io.jdaprd.core.pubsub.delivery.Subscriptions(pubsubs, pubsub,
        io.jdaprd.core.pubsub.delivery.RetryPolicy.DEFAULT);
    Blocks blocks = new Blocks(APP_ID, new StateBlock(new StateStores(stores, APP_ID)), pubsub, subscriptions,
        new HealthBlock(APP_ID, new Readiness(), new Readiness()),
        new MetadataBlock(APP_ID, RUNTIME_VERSION, components,
            new MetadataView.AppConnection(options.appPort, "http", "127.0.0.1", 0), subscriptions::active),
        new Lifecycle(shutdown::countDown));
    ApiSettings settings = new ApiSettings(ErrorRendering.DAPR.withPublishedCodes(options.publishedCodes),
        options.token, options.maxBodySize);
    server = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0)
        .service(DaprGrpcApi.create(blocks, settings)).build();
    server.start().join();
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.activeLocalPort(),
        InsecureChannelCredentials.create()).build();
  }

  private static StateStores.Store store(String name, StateStore store) {
    return new StateStores.Store(name, store, KeyPrefix.of(null, name, APP_ID, null));
  }

  /** A sidecar with the in-memory {@code statestore}, no token, daprd's 4 MiB limit. */
  static Sidecar start() {
    return new Options().start();
  }

  static Options options() {
    return new Options();
  }

  /** A blocking stub; {@code headers} are pairs of metadata name and value sent on every call. */
  DaprGrpc.DaprBlockingStub stub(String... headers) {
    Metadata metadata = new Metadata();
    for (int i = 0; i < headers.length; i += 2) {
      metadata.put(Metadata.Key.of(headers[i], Metadata.ASCII_STRING_MARSHALLER), headers[i + 1]);
    }
    return DaprGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    components.close();
    // The server's boss event loop shuts down with Netty's 2 s quiet period; nothing waits for it.
    server.stop();
  }

  /** What differs between test sidecars. */
  static final class Options {
    private boolean inMemoryStore = true;
    private final Map<String, StateStore> extraStores = new LinkedHashMap<>();
    private String token;
    private long maxBodySize = ApiSettings.DEFAULT_MAX_BODY_SIZE;
    private int appPort;
    private boolean publishedCodes;

    Options publishedCodes() {
      publishedCodes = true;
      return this;
    }

    Options noStores() {
      inMemoryStore = false;
      return this;
    }

    Options store(String name, StateStore store) {
      extraStores.put(name, store);
      return this;
    }

    Options token(String token) {
      this.token = token;
      return this;
    }

    Options maxBodySize(long maxBodySize) {
      this.maxBodySize = maxBodySize;
      return this;
    }

    Options appPort(int appPort) {
      this.appPort = appPort;
      return this;
    }

    Sidecar start() {
      return new Sidecar(this);
    }
  }
}
