package io.jdaprd.core.metadata;

import io.jdaprd.core.actors.ActorRuntimeStatus;
import io.jdaprd.core.apphealth.AppHealthConfig;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /v1.0/metadata} and gRPC {@code GetMetadata} report.
 *
 * @param id the app id
 * @param runtimeVersion the runtime's version
 * @param enabledFeatures the preview features switched on
 * @param components the loaded components
 * @param extended the extended metadata (daprRuntimeVersion, values set through the API, load problems)
 * @param subscriptions the running pub/sub subscriptions
 * @param appConnection how the sidecar reaches the app
 * @param httpEndpoints the names of the loaded {@code HTTPEndpoint}s
 * @param actorRuntime the actor runtime's state
 */
public record MetadataView(String id, String runtimeVersion, List<String> enabledFeatures,
    List<ComponentView> components, Map<String, String> extended, List<TopicSubscription> subscriptions,
    AppConnection appConnection, List<String> httpEndpoints, ActorRuntimeStatus actorRuntime) {

  public MetadataView {
    httpEndpoints = List.copyOf(httpEndpoints);
    actorRuntime = actorRuntime == null ? ActorRuntimeStatus.DISABLED : actorRuntime;
  }

  /** A view of a sidecar without actors. */
  public MetadataView(String id, String runtimeVersion, List<String> enabledFeatures, List<ComponentView> components,
      Map<String, String> extended, List<TopicSubscription> subscriptions, AppConnection appConnection,
      List<String> httpEndpoints) {
    this(id, runtimeVersion, enabledFeatures, components, extended, subscriptions, appConnection, httpEndpoints,
        ActorRuntimeStatus.DISABLED);
  }

  /** A view without {@code HTTPEndpoint}s. */
  public MetadataView(String id, String runtimeVersion, List<String> enabledFeatures, List<ComponentView> components,
      Map<String, String> extended, List<TopicSubscription> subscriptions, AppConnection appConnection) {
    this(id, runtimeVersion, enabledFeatures, components, extended, subscriptions, appConnection, List.of());
  }

  /** A loaded component, with the capabilities it reports. */
  public record ComponentView(String name, String type, String version, List<String> capabilities) {
  }

  /**
   * The app channel's settings.
   *
   * @param port the app port, 0 for none
   * @param protocol {@code http}, {@code grpc}, ...
   * @param channelAddress the app's address
   * @param maxConcurrency the limit of concurrent calls into the app, 0 for none
   * @param health the app health checks ({@code --enable-app-health-check}), which the runtime runs and the metadata
   *     API reports; {@code null} when off
   */
  public record AppConnection(int port, String protocol, String channelAddress, int maxConcurrency,
      AppHealthConfig health) {
    /** A connection without app health checks. */
    public AppConnection(int port, String protocol, String channelAddress, int maxConcurrency) {
      this(port, protocol, channelAddress, maxConcurrency, null);
    }

    /** Whether the app speaks HTTP (the health check path applies to HTTP only, as daprd reports it). */
    public boolean http() {
      return "http".equals(protocol) || "https".equals(protocol) || "h2c".equals(protocol);
    }
  }
}
