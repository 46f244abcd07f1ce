package io.jdaprd.api.grpc.configuration;

import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprConfigurationProtos.GetConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.GetConfigurationResponse;
import io.dapr.v1.DaprConfigurationProtos.SubscribeConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.SubscribeConfigurationResponse;
import io.dapr.v1.DaprConfigurationProtos.UnsubscribeConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.UnsubscribeConfigurationResponse;
import io.dapr.v1.DaprGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.jdaprd.api.grpc.calls.GrpcCalls;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.configuration.ConfigurationBlock;
import io.jdaprd.core.configuration.StreamSubscription;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.errors.DaprException;
import io.jdaprd.spi.configuration.ConfigurationItem;
import java.util.Map;

/**
 * Binds the configuration RPCs, stable and alpha1, as daprd serves them: {@code GetConfiguration} answers the items;
 * {@code SubscribeConfiguration} streams a first message carrying only the subscription id, then one message per
 * update (id and items), until the client goes away or {@code UnsubscribeConfiguration} ends it (the stream then
 * ends OK); {@code UnsubscribeConfiguration} answers OK with {@code ok=true}, or {@code ok=false} and daprd's message
 * for an id that is not a live gRPC subscription.
 */
public final class ConfigurationMethods {
  private ConfigurationMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link ConfigurationBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    ConfigurationBlock block = blocks.get(ConfigurationBlock.class);
    methods.unary(DaprGrpc.getGetConfigurationMethod(), r -> get(block, r))
        .unary(DaprGrpc.getGetConfigurationAlpha1Method(), r -> get(block, r))
        .add(DaprGrpc.getSubscribeConfigurationMethod(), ServerCalls.asyncServerStreamingCall(
            (r, out) -> subscribe(block, methods.calls(), DaprGrpc.getSubscribeConfigurationMethod(), r, out)))
        .add(DaprGrpc.getSubscribeConfigurationAlpha1Method(), ServerCalls.asyncServerStreamingCall(
            (r, out) -> subscribe(block, methods.calls(), DaprGrpc.getSubscribeConfigurationAlpha1Method(), r, out)))
        .unary(DaprGrpc.getUnsubscribeConfigurationMethod(), r -> unsubscribe(block, r))
        .unary(DaprGrpc.getUnsubscribeConfigurationAlpha1Method(), r -> unsubscribe(block, r));
  }

  private static GetConfigurationResponse get(ConfigurationBlock block, GetConfigurationRequest r) {
    return GetConfigurationResponse.newBuilder()
        .putAllItems(items(block.get(r.getStoreName(), r.getKeysList(), r.getMetadataMap()))).build();
  }

  private static void subscribe(ConfigurationBlock block, GrpcCalls calls,
      MethodDescriptor<?, SubscribeConfigurationResponse> method, SubscribeConfigurationRequest r,
      StreamObserver<SubscribeConfigurationResponse> out) {
    ServerCallStreamObserver<SubscribeConfigurationResponse> stream =
        (ServerCallStreamObserver<SubscribeConfigurationResponse>) out;
    Holder holder = new Holder();
    stream.setOnCancelHandler(holder::close);
    try {
      holder.set(block.subscribeStream(r.getStoreName(), r.getKeysList(), r.getMetadataMap(),
          update -> stream.onNext(SubscribeConfigurationResponse.newBuilder().setId(update.subscriptionId())
              .putAllItems(items(update.items())).build()),
          () -> {
            if (!stream.isCancelled()) {
              stream.onCompleted();
            }
          }));
    } catch (DaprException e) {
      stream.onError(calls.failure(method, e));
    }
  }

  private static UnsubscribeConfigurationResponse unsubscribe(ConfigurationBlock block,
      UnsubscribeConfigurationRequest r) {
    String failure = block.unsubscribeStream(r.getId());
    return failure == null ? UnsubscribeConfigurationResponse.newBuilder().setOk(true).build()
        : UnsubscribeConfigurationResponse.newBuilder().setOk(false).setMessage(failure).build();
  }

  private static Map<String, CommonProtos.ConfigurationItem> items(Map<String, ConfigurationItem> items) {
    Map<String, CommonProtos.ConfigurationItem> out = new java.util.LinkedHashMap<>();
    items.forEach((k, v) -> out.put(k, CommonProtos.ConfigurationItem.newBuilder().setValue(v.value())
        .setVersion(v.version()).putAllMetadata(v.metadata()).build()));
    return out;
  }

  /** The subscription of a stream, closed when the client cancels, even before it is known. */
  private static final class Holder {
    private StreamSubscription subscription;
    private boolean cancelled;

    synchronized void set(StreamSubscription s) {
      subscription = s;
      if (cancelled) {
        s.close();
      }
    }

    synchronized void close() {
      cancelled = true;
      if (subscription != null) {
        subscription.close();
      }
    }
  }
}
