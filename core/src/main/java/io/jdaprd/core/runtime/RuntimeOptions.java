package io.jdaprd.core.runtime;

import io.jdaprd.core.health.HealthBlock;
import io.jdaprd.core.metadata.MetadataView;
import io.jdaprd.core.secrets.SecretScopes;
import java.time.Clock;
import java.util.List;

/**
 * What the runtime needs to know, from the flags and the environment.
 *
 * @param appId this sidecar's app id
 * @param namespace the {@code NAMESPACE} environment variable, or {@code null} when unset
 * @param runtimeVersion the version the metadata API reports
 * @param app how the sidecar reaches the app (port 0 for no app)
 * @param subscribeEndpoint whether the app is asked for its subscriptions ({@code GET /dapr/subscribe})
 * @param apiServers the readiness targets of the API servers, each reported by
 *     {@link Runtime#apiServerStarted(String)}
 * @param secretScopes the Configuration's {@code spec.secrets.scopes} ({@link SecretScopes#NONE} without one)
 * @param features the Configuration's {@code spec.features} ({@link Features#DEFAULT} without one)
 * @param clock the clock of scheduled work (actor timers, reminders, idle deactivation): the system's UTC clock,
 *     or a {@link io.jdaprd.core.scheduler.ManualClock} a test moves
 */
public record RuntimeOptions(String appId, String namespace, String runtimeVersion, MetadataView.AppConnection app,
    boolean subscribeEndpoint, List<String> apiServers, SecretScopes secretScopes, Features features, Clock clock) {
  /** daprd's namespace when {@code NAMESPACE} is not set. */
  public static final String DEFAULT_NAMESPACE = "default";

  public RuntimeOptions {
    apiServers = List.copyOf(apiServers);
    secretScopes = secretScopes == null ? SecretScopes.NONE : secretScopes;
    features = features == null ? Features.DEFAULT : features;
    clock = clock == null ? Clock.systemUTC() : clock;
  }

  /** Options with daprd's default features, on the system clock. */
  public RuntimeOptions(String appId, String namespace, String runtimeVersion, MetadataView.AppConnection app,
      boolean subscribeEndpoint, List<String> apiServers, SecretScopes secretScopes) {
    this(appId, namespace, runtimeVersion, app, subscribeEndpoint, apiServers, secretScopes, Features.DEFAULT, null);
  }

  /** These options with {@code features} as the Configuration's preview features. */
  public RuntimeOptions withFeatures(Features features) {
    return new RuntimeOptions(appId, namespace, runtimeVersion, app, subscribeEndpoint, apiServers, secretScopes,
        features, clock);
  }

  /** These options with scheduled work on {@code clock}. */
  public RuntimeOptions withClock(Clock clock) {
    return new RuntimeOptions(appId, namespace, runtimeVersion, app, subscribeEndpoint, apiServers, secretScopes,
        features, clock);
  }

  /** Options without secret scopes. */
  public RuntimeOptions(String appId, String namespace, String runtimeVersion, MetadataView.AppConnection app,
      boolean subscribeEndpoint, List<String> apiServers) {
    this(appId, namespace, runtimeVersion, app, subscribeEndpoint, apiServers, SecretScopes.NONE);
  }

  /** These options with {@code scopes} as the secret scopes. */
  public RuntimeOptions withSecretScopes(SecretScopes scopes) {
    return new RuntimeOptions(appId, namespace, runtimeVersion, app, subscribeEndpoint, apiServers, scopes, features,
        clock);
  }

  /** Options with both API servers (HTTP and gRPC), the subscribe endpoint on and no app. */
  public static RuntimeOptions of(String appId, String runtimeVersion) {
    return new RuntimeOptions(appId, null, runtimeVersion, new MetadataView.AppConnection(0, "http", "127.0.0.1", 0),
        true, List.of(HealthBlock.HTTP_SERVER, HealthBlock.GRPC_SERVER));
  }

  /** These options with {@code app} as the app's connection. */
  public RuntimeOptions withApp(MetadataView.AppConnection app) {
    return new RuntimeOptions(appId, namespace, runtimeVersion, app, subscribeEndpoint, apiServers, secretScopes,
        features, clock);
  }

  /** These options whose readiness waits for {@code servers} only. */
  public RuntimeOptions withApiServers(List<String> servers) {
    return new RuntimeOptions(appId, namespace, runtimeVersion, app, subscribeEndpoint, servers, secretScopes,
        features, clock);
  }

  /** The namespace as daprd reports it in errors: {@code NAMESPACE}, else {@code default}. */
  public String namespaceOrDefault() {
    return namespace == null ? DEFAULT_NAMESPACE : namespace;
  }
}
