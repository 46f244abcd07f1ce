package io.jdaprd.api.grpc.configuration;

import io.dapr.v1.DaprGrpc;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.dapr.v1.DaprConfigurationProtos.UnsubscribeConfigurationResponse;
import io.jdaprd.core.configuration.ConfigurationBlock;
import io.jdaprd.core.runtime.Blocks;

/** Binds the configuration RPCs, stable and alpha1; unsubscribing answers OK with {@code ok=false}. */
public final class ConfigurationMethods {
  private ConfigurationMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link ConfigurationBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    ConfigurationBlock block = blocks.get(ConfigurationBlock.class);
    methods.empty(DaprGrpc.getGetConfigurationMethod(), r -> block.get(r.getStoreName()))
        .empty(DaprGrpc.getGetConfigurationAlpha1Method(), r -> block.get(r.getStoreName()))
        .empty(DaprGrpc.getSubscribeConfigurationMethod(), r -> block.subscribe(r.getStoreName()))
        .empty(DaprGrpc.getSubscribeConfigurationAlpha1Method(), r -> block.subscribe(r.getStoreName()))
        .firstMessage(DaprGrpc.getUnsubscribeConfigurationMethod(), r -> unsubscribed(block.unsubscribe(r.getId())))
        .firstMessage(DaprGrpc.getUnsubscribeConfigurationAlpha1Method(),
            r -> unsubscribed(block.unsubscribe(r.getId())));
  }

  private static UnsubscribeConfigurationResponse unsubscribed(String message) {
    return UnsubscribeConfigurationResponse.newBuilder().setOk(false).setMessage(message).build();
  }
}
