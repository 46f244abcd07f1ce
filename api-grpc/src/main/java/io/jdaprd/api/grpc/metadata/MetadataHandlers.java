package io.jdaprd.api.grpc.metadata;

import com.google.protobuf.Empty;
import io.dapr.v1.DaprMetadataProtos.ActiveActorsCount;
import io.dapr.v1.DaprMetadataProtos.ActorRuntime;
import io.jdaprd.core.actors.ActorRuntimeStatus;
import io.dapr.v1.DaprMetadataProtos.AppConnectionHealthProperties;
import io.dapr.v1.DaprMetadataProtos.AppConnectionProperties;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprMetadataProtos.GetMetadataResponse;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscription;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscriptionRule;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscriptionRules;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscriptionType;
import io.dapr.v1.DaprMetadataProtos.RegisteredComponents;
import io.dapr.v1.DaprMetadataProtos.SetMetadataRequest;
import io.jdaprd.core.metadata.MetadataBlock;
import io.jdaprd.core.metadata.MetadataView;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import io.jdaprd.core.runtime.Lifecycle;
import io.jdaprd.golang.GoDurations;

/**
 * {@code GetMetadata}, {@code SetMetadata} and {@code Shutdown}. The metadata response carries what the HTTP
 * {@code GET /v1.0/metadata} carries: the app id, runtime version, enabled features, components with their
 * capabilities, extended metadata, the app connection (its port only when there is one) and an actor runtime that is
 * disabled, since this runtime has no placement.
 */
public final class MetadataHandlers {
  private final MetadataBlock metadata;
  private final Lifecycle lifecycle;

  /** Handlers over {@code metadata}, shutting down through {@code lifecycle}. */
  public MetadataHandlers(MetadataBlock metadata, Lifecycle lifecycle) {
    this.metadata = metadata;
    this.lifecycle = lifecycle;
  }

  /** {@code GetMetadata}. */
  public GetMetadataResponse get(GetMetadataRequest request) {
    MetadataView view = metadata.get();
    GetMetadataResponse.Builder response = GetMetadataResponse.newBuilder()
        .setId(nullToEmpty(view.id()))
        .setRuntimeVersion(nullToEmpty(view.runtimeVersion()))
        .addAllEnabledFeatures(view.enabledFeatures())
        .putAllExtendedMetadata(view.extended());
    for (MetadataView.ComponentView c : view.components()) {
      response.addRegisteredComponents(RegisteredComponents.newBuilder().setName(nullToEmpty(c.name()))
          .setType(nullToEmpty(c.type())).setVersion(nullToEmpty(c.version()))
          .addAllCapabilities(c.capabilities()));
    }
    for (TopicSubscription s : view.subscriptions()) {
      PubsubSubscriptionRules.Builder rules = PubsubSubscriptionRules.newBuilder();
      s.rules().forEach(r -> rules.addRules(PubsubSubscriptionRule.newBuilder().setMatch(r.match())
          .setPath(r.path())));
      if (!s.defaultPath().isEmpty()) {
        rules.addRules(PubsubSubscriptionRule.newBuilder().setPath(s.defaultPath()));
      }
      response.addSubscriptions(PubsubSubscription.newBuilder().setPubsubName(s.pubsubName())
          .setTopic(s.topic()).putAllMetadata(s.metadata()).setRules(rules)
          .setDeadLetterTopic(s.deadLetterTopic())
          .setType(PubsubSubscriptionType.valueOf(s.source().name())));
    }
    view.httpEndpoints().forEach(name -> response.addHttpEndpoints(
        io.dapr.v1.DaprMetadataProtos.MetadataHTTPEndpoint.newBuilder().setName(name)));
    MetadataView.AppConnection app = view.appConnection();
    if (app != null) {
      AppConnectionProperties.Builder connection = AppConnectionProperties.newBuilder()
          .setProtocol(nullToEmpty(app.protocol())).setChannelAddress(nullToEmpty(app.channelAddress()))
          .setMaxConcurrency(Math.max(app.maxConcurrency(), 0));
      if (app.port() > 0) {
        connection.setPort(app.port());
      }
      if (app.health() != null) {
        AppConnectionHealthProperties.Builder health = AppConnectionHealthProperties.newBuilder()
            .setHealthProbeInterval(GoDurations.format(app.health().interval()))
            .setHealthProbeTimeout(GoDurations.format(app.health().timeout()))
            .setHealthThreshold(app.health().threshold());
        if (app.http()) {
          health.setHealthCheckPath(app.health().path());
        }
        connection.setHealth(health);
      }
      response.setAppConnectionProperties(connection);
    }
    actorRuntime(response, view.actorRuntime());
    return response.build();
  }

  /** {@code actor_runtime} and its deprecated alias {@code active_actors_count}, as daprd fills them. */
  @SuppressWarnings("deprecation")
  private static void actorRuntime(GetMetadataResponse.Builder response, ActorRuntimeStatus status) {
    ActorRuntime.Builder runtime = ActorRuntime.newBuilder()
        .setRuntimeStatus(ActorRuntime.ActorRuntimeStatus.valueOf(status.status()))
        .setHostReady(status.hostReady()).setPlacement(status.placement());
    status.activeActors().forEach((type, count) -> {
      ActiveActorsCount c = ActiveActorsCount.newBuilder().setType(type).setCount(count).build();
      runtime.addActiveActors(c);
      response.addActiveActorsCount(c);
    });
    response.setActorRuntime(runtime);
  }

  /** {@code SetMetadata}: an empty key does nothing. */
  public Empty set(SetMetadataRequest request) {
    metadata.set(request.getKey(), request.getValue());
    return Empty.getDefaultInstance();
  }

  /** Starts the graceful shutdown {@code Shutdown} asks for, in the background; call it after answering. */
  public void shutdown() {
    lifecycle.requestShutdown();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
