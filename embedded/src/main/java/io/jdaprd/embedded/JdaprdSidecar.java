package io.jdaprd.embedded;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.DaprPreviewClient;
import io.dapr.config.Properties;
import io.jdaprd.core.actors.ActorsBlock;
import io.jdaprd.core.health.HealthBlock;
import io.jdaprd.core.pubsub.PubSubBlock;
import io.jdaprd.core.state.StateBlock;
import io.jdaprd.server.Sidecar;
import java.nio.file.Path;
import java.util.List;

/**
 * A jdaprd sidecar running inside this JVM: the same start path as the {@code jdaprd} process (daprd's flags, the
 * resources loaded from a folder, the HTTP, gRPC and internal gRPC servers), listening on free ports of
 * {@code 127.0.0.1}, without a metrics server, without touching logging or other process-wide state. Several may
 * run in one JVM. Built by {@link #builder()}; {@link #close()} stops it and deletes its temporary files.
 *
 * <p>Beyond what a container gives, a test can read the state it left ({@link #state(String)}) and await the
 * events published through this sidecar ({@link #published(String, String)}), and, started with
 * {@link JdaprdSidecarBuilder#withControlledClock()}, move the clock of actor timers and reminders
 * ({@link #clock()}).
 */
public final class JdaprdSidecar implements AutoCloseable {
  private final Sidecar sidecar;
  private final List<Path> temporaryFiles;
  private final PublishedEvents published = new PublishedEvents();
  private final int httpPort;
  private final int grpcPort;
  private final SidecarClock clock;

  JdaprdSidecar(Sidecar sidecar, List<Path> temporaryFiles, SidecarClock clock) {
    this.sidecar = sidecar;
    this.clock = clock;
    this.temporaryFiles = temporaryFiles;
    this.httpPort = sidecar.httpPort();
    this.grpcPort = sidecar.grpcPort();
    sidecar.blocks().get(PubSubBlock.class).addTap(published);
  }

  /** A builder with daprd's defaults and an app id of {@code app}. */
  public static JdaprdSidecarBuilder builder() {
    return new JdaprdSidecarBuilder();
  }

  /** The app id. */
  public String getAppName() {
    return sidecar.appId();
  }

  /** The HTTP API's port (still known after {@link #close()}). */
  public int getHttpPort() {
    return httpPort;
  }

  /** The gRPC API's port. */
  public int getGrpcPort() {
    return grpcPort;
  }

  /** The HTTP API's endpoint, as {@code dapr.http.endpoint} takes it: {@code http://127.0.0.1:port}. */
  public String getHttpEndpoint() {
    return "http://127.0.0.1:" + getHttpPort();
  }

  /** The gRPC API's endpoint, as {@code dapr.grpc.endpoint} takes it: {@code 127.0.0.1:port}. */
  public String getGrpcEndpoint() {
    return "127.0.0.1:" + getGrpcPort();
  }

  /** A Java SDK client builder already pointed at this sidecar (both endpoints). */
  public DaprClientBuilder clientBuilder() {
    return new DaprClientBuilder()
        .withPropertyOverride(Properties.HTTP_ENDPOINT, getHttpEndpoint())
        .withPropertyOverride(Properties.GRPC_ENDPOINT, getGrpcEndpoint())
        .withPropertyOverride(Properties.HTTP_PORT, Integer.toString(getHttpPort()))
        .withPropertyOverride(Properties.GRPC_PORT, Integer.toString(getGrpcPort()));
  }

  /** A new Java SDK client of this sidecar; the caller closes it. */
  public DaprClient newClient() {
    return clientBuilder().build();
  }

  /** A new Java SDK preview client of this sidecar; the caller closes it. */
  public DaprPreviewClient newPreviewClient() {
    return clientBuilder().buildPreviewClient();
  }

  /**
   * The state store {@code storeName} as this app sees it: its keys are the app's keys (the store's key prefix is
   * applied). Reads go straight to the runtime, not through an API; a read of a store that is not loaded throws the
   * state API's error.
   */
  public StateView state(String storeName) {
    StateBlock block = sidecar.blocks().get(StateBlock.class);
    return new StateView(block, storeName);
  }

  /**
   * The events published through this sidecar's API to {@code topic} of {@code pubsub} since it started (whatever
   * the broker, and whether or not anything subscribes).
   */
  public PublishedEvents.Topic published(String pubsub, String topic) {
    return published.topic(pubsub, topic);
  }

  /**
   * The clock of this sidecar's actor timers, reminders and idle deactivation: real time, or a clock the test moves
   * ({@link SidecarClock#advance}) when started {@link JdaprdSidecarBuilder#withControlledClock()}.
   */
  public SidecarClock clock() {
    return clock;
  }

  /**
   * Waits until the sidecar reports ready ({@code /v1.0/healthz}): with an app, once the app was found and its
   * subscriptions are in place, and its actor types (if any) are hosted (the actor runtime is past
   * {@code INITIALIZING}).
   *
   * @throws IllegalStateException when it is not ready within {@code timeout} (the message gives the reason)
   */
  public void awaitAppReady(java.time.Duration timeout) {
    HealthBlock health = sidecar.blocks().get(HealthBlock.class);
    ActorsBlock actors = sidecar.blocks().get(ActorsBlock.class);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String waitingFor;
      try {
        health.healthz(null);
        if (!"INITIALIZING".equals(actors.runtimeStatus().status())) {
          return;
        }
        waitingFor = "the app's actor configuration was not read";
      } catch (RuntimeException e) {
        waitingFor = "not ready (is the app listening?): " + e.getMessage();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("sidecar " + getAppName() + " after " + timeout.toMillis() + " ms: "
            + waitingFor);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for sidecar " + getAppName(), e);
      }
    }
  }

  /** The underlying server sidecar (for the server's own tests and tools). */
  Sidecar server() {
    return sidecar;
  }

  /** Stops the sidecar (draining requests in flight) and deletes its temporary files; later calls do nothing. */
  @Override
  public void close() {
    sidecar.stop();
    temporaryFiles.forEach(ResourceFiles::delete);
  }
}
