package io.jdaprd.api.grpc;

import com.linecorp.armeria.server.Server;
import io.dapr.v1.DaprGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.MetadataUtils;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.core.component.ComponentDefinition;
import io.jdaprd.core.component.ComponentType;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.core.health.HealthBlock;
import io.jdaprd.core.metadata.MetadataView;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.core.invoke.endpoints.HttpEndpoint;
import io.jdaprd.core.runtime.Resources;
import io.jdaprd.core.runtime.Runtime;
import io.jdaprd.core.runtime.RuntimeOptions;
import io.jdaprd.errors.ErrorRendering;
import io.jdaprd.spi.state.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
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
  final Runtime runtime;
  final CountDownLatch shutdown = new CountDownLatch(1);

  /**
   * The sidecar assembled as the server assembles it. Extra stores are registered as component types of their own,
   * whose factory hands out the given instance.
   */
  private Sidecar(Options options) {
    ComponentTypes types = new ComponentTypes().register(new ComponentType(InMemoryStateStore.TYPE, Set.of("v1"),
        InMemoryStateStore::new));
    List<ComponentDefinition> definitions = new ArrayList<>();
    if (options.inMemoryStore) {
      definitions.add(definition("statestore", InMemoryStateStore.TYPE));
    }
    options.extraStores.forEach((name, store) -> {
      String type = "state.test-" + name;
      types.register(new ComponentType(type, Set.of("v1"), () -> store));
      definitions.add(definition(name, type));
    });
    runtime = Runtime.assemble(RuntimeOptions.of(APP_ID, RUNTIME_VERSION).withApp(
        new MetadataView.AppConnection(options.appPort, "http", "127.0.0.1", 0)).withApiServers(
            List.of(HealthBlock.GRPC_SERVER)), types, new Resources(definitions, List.of(), List.of(),
                options.httpEndpoints), null, shutdown::countDown);
    ApiSettings settings = new ApiSettings(ErrorRendering.DAPR.withPublishedCodes(options.publishedCodes),
        options.token, options.maxBodySize);
    ServerBuilder sb = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0);
    DaprGrpcApi.addTo(sb, runtime.blocks(), settings);
    server = sb.build();
    server.start().join();
    runtime.apiServerStarted(HealthBlock.GRPC_SERVER);
    runtime.start();
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.activeLocalPort(),
        InsecureChannelCredentials.create()).build();
  }

  private static ComponentDefinition definition(String name, String type) {
    return new ComponentDefinition(name, type, "v1", Map.of(), List.of(), false, Path.of(name + ".yaml"));
  }

  /** A sidecar with the in-memory {@code statestore}, no token, daprd's 4 MiB limit. */
  static Sidecar start() {
    return new Options().start();
  }

  static Options options() {
    return new Options();
  }

  /**
   * A blocking stub; {@code headers} are pairs of metadata name and value sent on every call. Each call gets its own
   * 20 s deadline (a stub's own deadline would start counting when the stub is made, and a test class that keeps one
   * stub runs out of it on a loaded machine).
   */
  DaprGrpc.DaprBlockingStub stub(String... headers) {
    Metadata metadata = new Metadata();
    for (int i = 0; i < headers.length; i += 2) {
      metadata.put(Metadata.Key.of(headers[i], Metadata.ASCII_STRING_MARSHALLER), headers[i + 1]);
    }
    ClientInterceptor perCallDeadline = new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return next.newCall(method, options.withDeadlineAfter(20, TimeUnit.SECONDS));
      }
    };
    return DaprGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata),
        perCallDeadline);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runtime.close();
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
    private final List<HttpEndpoint> httpEndpoints = new ArrayList<>();

    Options httpEndpoint(String name, String baseUrl) {
      httpEndpoints.add(new HttpEndpoint(name, baseUrl, List.of(), null, java.nio.file.Path.of("endpoints.yaml")));
      return this;
    }

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
