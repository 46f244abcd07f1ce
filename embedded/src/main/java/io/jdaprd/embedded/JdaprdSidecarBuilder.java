package io.jdaprd.embedded;

import io.jdaprd.core.scheduler.ManualClock;
import io.jdaprd.server.Sidecar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start a {@link JdaprdSidecar}. The {@code with*} names are those of the Java SDK's Testcontainers
 * {@code DaprContainer} where they mean the same, so a test moves over by changing an import and a constructor; the
 * short names ({@link #appId}, {@link #component}, ...) are the same calls.
 *
 * <p><b>Default components.</b> When no component is given, the sidecar gets {@code statestore}
 * ({@code state.in-memory}, the actor state store) and {@code pubsub} ({@code pubsub.in-memory}); giving any
 * component (or {@link #withDefaultComponents(boolean) withDefaultComponents(false)}) leaves them out. Subscriptions
 * and a Configuration do not count as components.
 *
 * <p><b>Default Configuration.</b> Without {@link #withConfiguration}, the sidecars of this JVM find each other with
 * the {@code inprocess} name resolver, a registry held in the JVM (mdns needs multicast, which a loopback-only test
 * host lacks, and a file-backed resolver costs a database and its driver at every start), so service invocation
 * between embedded sidecars works; sidecars of other processes are not found. A Configuration of your own may name
 * any resolver ({@code sqlite} over a shared file reaches {@code ./jdaprd} processes too).
 *
 * <p>A builder may start several sidecars; each gets its own ports and its own copy of the resources.
 */
public final class JdaprdSidecarBuilder {
  /** The default app id. */
  public static final String DEFAULT_APP_ID = "app";

  private String appId = DEFAULT_APP_ID;
  private Integer appPort;
  private String appChannelAddress;
  private String appProtocol;
  private final List<String> components = new ArrayList<>();
  private final List<String> otherResources = new ArrayList<>();
  private String configuration;
  private Boolean defaultComponents;
  private int gracefulShutdownSeconds;
  private java.time.Duration appReadyTimeout = java.time.Duration.ofSeconds(10);
  private final List<String> flags = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private boolean controlledClock;

  JdaprdSidecarBuilder() {
  }

  /** The app id ({@code --app-id}); {@value #DEFAULT_APP_ID} by default. */
  public JdaprdSidecarBuilder withAppName(String appId) {
    this.appId = appId;
    return this;
  }

  /** The same as {@link #withAppName}. */
  public JdaprdSidecarBuilder appId(String appId) {
    return withAppName(appId);
  }

  /** The port the app listens on ({@code --app-port}); none by default (no app channel, no subscriptions). */
  public JdaprdSidecarBuilder withAppPort(int appPort) {
    this.appPort = appPort;
    return this;
  }

  /** The same as {@link #withAppPort}. */
  public JdaprdSidecarBuilder appPort(int appPort) {
    return withAppPort(appPort);
  }

  /** The app's address ({@code --app-channel-address}); {@code 127.0.0.1} by default. */
  public JdaprdSidecarBuilder withAppChannelAddress(String address) {
    this.appChannelAddress = address;
    return this;
  }

  /** How the sidecar talks to the app ({@code --app-protocol}): http (default), https, grpc, grpcs or h2c. */
  public JdaprdSidecarBuilder withAppProtocol(String protocol) {
    this.appProtocol = protocol;
    return this;
  }

  /** A component of {@code type}, version {@code v1}, with {@code metadata}. */
  public JdaprdSidecarBuilder withComponent(String name, String type, Map<String, String> metadata) {
    components.add(ResourceFiles.component(name, type, "v1", metadata));
    return this;
  }

  /** The same as {@link #withComponent(String, String, Map)}. */
  public JdaprdSidecarBuilder component(String name, String type, Map<String, String> metadata) {
    return withComponent(name, type, metadata);
  }

  /** A component as its YAML ({@code kind: Component}), as a file of a resources folder holds it. */
  public JdaprdSidecarBuilder withComponent(String yaml) {
    components.add(yaml);
    return this;
  }

  /** The same as {@link #withComponent(String)}. */
  public JdaprdSidecarBuilder component(String yaml) {
    return withComponent(yaml);
  }

  /** A component read from a YAML file. */
  public JdaprdSidecarBuilder withComponent(Path yamlFile) {
    return withComponent(read(yamlFile));
  }

  /** A declarative subscription ({@code v2alpha1}) sending every event of {@code topic} to the app's {@code route}. */
  public JdaprdSidecarBuilder withSubscription(String name, String pubsubName, String topic, String route) {
    otherResources.add(ResourceFiles.subscription(name, pubsubName, topic, route));
    return this;
  }

  /** The same as {@link #withSubscription(String, String, String, String)}. */
  public JdaprdSidecarBuilder subscription(String name, String pubsubName, String topic, String route) {
    return withSubscription(name, pubsubName, topic, route);
  }

  /** Any other resource (a Subscription, a Resiliency, an HTTPEndpoint, ...) as its YAML. */
  public JdaprdSidecarBuilder withResource(String yaml) {
    otherResources.add(yaml);
    return this;
  }

  /** The Configuration ({@code --config}) as its YAML ({@code kind: Configuration}). */
  public JdaprdSidecarBuilder withConfiguration(String yaml) {
    this.configuration = yaml;
    return this;
  }

  /** The same as {@link #withConfiguration(String)}. */
  public JdaprdSidecarBuilder configuration(String yaml) {
    return withConfiguration(yaml);
  }

  /** The Configuration read from a YAML file. */
  public JdaprdSidecarBuilder withConfiguration(Path yamlFile) {
    return withConfiguration(read(yamlFile));
  }

  /** Whether the in-memory {@code statestore} and {@code pubsub} are added (by default: when no component is given). */
  public JdaprdSidecarBuilder withDefaultComponents(boolean add) {
    this.defaultComponents = add;
    return this;
  }

  /** How long a stop waits for requests in flight ({@code --dapr-graceful-shutdown-seconds}); 0 by
   * default, so that a test's sidecar stops at once (a request still in flight at the end of a test is cut). */
  public JdaprdSidecarBuilder withGracefulShutdownSeconds(int seconds) {
    this.gracefulShutdownSeconds = seconds;
    return this;
  }

  /**
   * With an app port, how long {@link #start()} waits for the app to be found and its subscriptions to be in place
   * (the sidecar's {@code /v1.0/healthz}); 10 s by default. {@link java.time.Duration#ZERO} returns at once, for an
   * app that starts after its sidecar (then see {@link JdaprdSidecar#awaitAppReady}).
   */
  public JdaprdSidecarBuilder withAppReadyTimeout(java.time.Duration timeout) {
    this.appReadyTimeout = timeout;
    return this;
  }

  /** More of daprd's flags, as the process takes them (for example {@code "--error-details", "rich"}). */
  public JdaprdSidecarBuilder withFlags(String... flags) {
    this.flags.addAll(List.of(flags));
    return this;
  }

  /**
   * Runs actor timers, reminders and idle deactivation on a clock the test moves ({@link JdaprdSidecar#clock()}),
   * starting at the current time; without it they run on real time. Each sidecar started gets its own clock.
   */
  public JdaprdSidecarBuilder withControlledClock() {
    return withControlledClock(true);
  }

  /** Whether scheduled work runs on a clock the test moves ({@code true}) or on real time ({@code false}, default). */
  public JdaprdSidecarBuilder withControlledClock(boolean controlled) {
    this.controlledClock = controlled;
    return this;
  }

  /** Whether {@link #withControlledClock()} was asked for. */
  boolean controlledClock() {
    return controlledClock;
  }

  /** An environment variable the sidecar sees on top of this process's ({@code DAPR_API_TOKEN}, ...). */
  public JdaprdSidecarBuilder withEnv(String name, String value) {
    env.put(name, value);
    return this;
  }

  /**
   * Starts a sidecar and returns once its APIs listen and its components are loaded.
   *
   * @throws IllegalArgumentException for a bad setting (the message names the flag)
   * @throws IllegalStateException when the sidecar cannot start
   */
  public JdaprdSidecar start() {
    List<String> documents = new ArrayList<>(components);
    if (defaultComponents == null ? components.isEmpty() : defaultComponents) {
      documents.add(ResourceFiles.component("statestore", "state.in-memory", "v1",
          Map.of("actorStateStore", "true")));
      documents.add(ResourceFiles.component("pubsub", "pubsub.in-memory", "v1", Map.of()));
    }
    documents.addAll(otherResources);
    List<Path> temporary = new ArrayList<>();
    Path resources = ResourceFiles.write(documents);
    temporary.add(resources);
    List<String> args = new ArrayList<>(List.of("--app-id", appId, "--dapr-http-port", "0", "--dapr-grpc-port", "0",
        "--enable-metrics=false", "--dapr-listen-addresses", "127.0.0.1",
        "--dapr-internal-grpc-listen-address", "127.0.0.1", "--resources-path", resources.toString(),
        "--dapr-graceful-shutdown-seconds", Integer.toString(gracefulShutdownSeconds)));
    Path config = ResourceFiles.writeFile("jdaprd-config-",
        configuration != null ? configuration : ResourceFiles.defaultConfiguration());
    temporary.add(config);
    args.addAll(List.of("--config", config.toString()));
    if (appPort != null) {
      args.addAll(List.of("--app-port", appPort.toString()));
    }
    if (appChannelAddress != null) {
      args.addAll(List.of("--app-channel-address", appChannelAddress));
    }
    if (appProtocol != null) {
      args.addAll(List.of("--app-protocol", appProtocol));
    }
    args.addAll(flags);
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.putAll(env);
    JdaprdSidecar started = null;
    try {
      SidecarClock clock = new SidecarClock(controlledClock ? ManualClock.startingNow() : Clock.systemUTC());
      started = new JdaprdSidecar(Sidecar.launch(args, environment, clock.clock()), temporary, clock);
      if (appPort != null && appReadyTimeout.isPositive()) {
        started.awaitAppReady(appReadyTimeout);
      }
      return started;
    } catch (RuntimeException e) {
      if (started != null) {
        started.close();
      }
      temporary.forEach(ResourceFiles::delete);
      throw e;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
