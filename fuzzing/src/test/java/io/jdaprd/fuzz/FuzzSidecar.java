package io.jdaprd.fuzz;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.jdaprd.api.grpc.DaprGrpcApi;
import io.jdaprd.api.http.DaprHttpApi;
import io.jdaprd.components.inmemory.InMemoryPubSub;
import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.components.secretstores.LocalFileSecretStore;
import io.jdaprd.core.component.ComponentDefinition;
import io.jdaprd.core.component.ComponentType;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.core.health.HealthBlock;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.core.runtime.Resources;
import io.jdaprd.core.runtime.Runtime;
import io.jdaprd.core.runtime.RuntimeOptions;
import io.jdaprd.errors.ErrorRendering;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sidecar for every fuzz target of a JVM, started on first use: the runtime as the server assembles it, with an
 * in-memory state store {@code statestore}, an in-memory pub/sub {@code pubsub} and a local-file secret store
 * {@code secretstore} holding {@link #SECRET}, behind the real HTTP and gRPC adapters on two ephemeral ports. The
 * clients are an Armeria web client and a grpc-java Netty channel, as applications use. It lives until the JVM exits.
 */
final class FuzzSidecar {
  private static final Logger LOG = LoggerFactory.getLogger(FuzzSidecar.class);
  /** The app id. */
  static final String APP_ID = "fuzzapp";
  /** The value of the secret store's one secret: no error answer may ever carry it. */
  static final String SECRET = "Zq7-fuzz-secret-4Kp";
  /** Component names the fuzz inputs pick from, so that calls reach the blocks and not only their lookups. */
  static final List<String> NAMES = List.of("statestore", "pubsub", "secretstore", APP_ID, "topic", "k", "");

  private static FuzzSidecar instance;

  final Runtime runtime;
  final Server http;
  final Server grpc;
  final WebClient web;
  final ManagedChannel channel;

  private FuzzSidecar() throws IOException {
    Path dir = Files.createTempDirectory("jdaprd-fuzz");
    Path secrets = dir.resolve("secrets.json");
    Files.writeString(secrets, "{\"password\":\"" + SECRET + "\",\"db\":{\"pass\":\"" + SECRET + "\"}}");
    ComponentTypes types = new ComponentTypes()
        .register(new ComponentType(InMemoryStateStore.TYPE, Set.of("v1"), InMemoryStateStore::new))
        .register(new ComponentType(InMemoryPubSub.TYPE, Set.of("v1"), InMemoryPubSub::new))
        .register(new ComponentType(LocalFileSecretStore.TYPE, Set.of("v1"), LocalFileSecretStore::new));
    List<ComponentDefinition> components = List.of(
        definition("statestore", InMemoryStateStore.TYPE, Map.of("actorStateStore", "true"), dir),
        definition("pubsub", InMemoryPubSub.TYPE, Map.of(), dir),
        definition("secretstore", LocalFileSecretStore.TYPE, Map.of("secretsFile", secrets.toString(),
            "nestedSeparator", ":"), dir));
    runtime = Runtime.assemble(RuntimeOptions.of(APP_ID, "1.18.0-fuzz").withApiServers(
        List.of(HealthBlock.HTTP_SERVER, HealthBlock.GRPC_SERVER)), types, Resources.of(components), null, () -> { });
    ApiSettings settings = new ApiSettings(ErrorRendering.DAPR, null, 64 * 1024);
    // No server-side request timeout, as the sidecar's servers (Sidecar.serverBuilder): with one, a request starved
    // of CPU past it could be cut short by the harness's own server, a setting the sidecar does not have.
    ServerBuilder hb = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0).requestTimeoutMillis(0);
    DaprHttpApi.addTo(hb, runtime.blocks(), settings);
    hb.decorator(FuzzSidecar::logFailedExchanges);
    http = hb.build();
    http.start().join();
    ServerBuilder gb = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0).requestTimeoutMillis(0);
    DaprGrpcApi.addTo(gb, runtime.blocks(), settings);
    grpc = gb.build();
    grpc.start().join();
    runtime.apiServerStarted(HealthBlock.HTTP_SERVER);
    runtime.apiServerStarted(HealthBlock.GRPC_SERVER);
    runtime.start();
    web = WebClient.builder("http://127.0.0.1:" + http.activeLocalPort()).factory(ClientFactory.ofDefault())
        .responseTimeout(Duration.ofSeconds(20)).maxResponseLength(0).build();
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpc.activeLocalPort(),
        InsecureChannelCredentials.create()).maxInboundMessageSize(64 << 20).build();
  }

  /**
   * Logs, with its cause, an exchange the server ended abnormally (a reset stream, an aborted answer): the client sees
   * only the reset, so this is what says why.
   */
  private static HttpResponse logFailedExchanges(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    ctx.log().whenComplete().thenAccept(log -> {
      Throwable cause = log.responseCause();
      if (cause != null) {
        LOG.warn("the server ended {} {} abnormally", log.requestHeaders().method(), log.requestHeaders().path(),
            cause);
      }
    });
    return delegate.serve(ctx, req);
  }

  private static ComponentDefinition definition(String name, String type, Map<String, String> metadata, Path dir) {
    return new ComponentDefinition(name, type, "v1", metadata, List.of(), false, dir.resolve(name + ".yaml"));
  }

  /** The running sidecar, started by the first caller. */
  static synchronized FuzzSidecar get() {
    if (instance == null) {
      try {
        instance = new FuzzSidecar();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }
}
