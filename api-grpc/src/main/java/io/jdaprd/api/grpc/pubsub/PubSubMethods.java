package io.jdaprd.api.grpc.pubsub;

import io.dapr.v1.DaprGrpc;
import io.jdaprd.api.grpc.calls.GrpcCalls;
import io.jdaprd.core.tracing.TraceContext;
import io.grpc.stub.ServerCalls;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.pubsub.PubSubBlock;
import io.jdaprd.core.pubsub.delivery.Subscriptions;
import io.jdaprd.core.runtime.Blocks;

/** Binds the publish RPCs to {@link PubSubHandlers} and the streaming subscription to {@link StreamingSubscriptions}. */
public final class PubSubMethods {
  private PubSubMethods() {
  }

  /** Binds the pub/sub RPCs of {@code blocks}. */
  public static void bind(Blocks blocks, GrpcMethods methods) {
    PubSubHandlers pubsub = new PubSubHandlers(blocks.get(PubSubBlock.class));
    StreamingSubscriptions streaming = new StreamingSubscriptions(blocks.get(Subscriptions.class), methods.calls());
    methods.unary(DaprGrpc.getPublishEventMethod(), r -> pubsub.publish(r, traceparent(), tracestate()))
        .unary(DaprGrpc.getBulkPublishEventMethod(), r -> pubsub.bulkPublish(r, traceparent(), tracestate()))
        .unary(DaprGrpc.getBulkPublishEventAlpha1Method(), r -> pubsub.bulkPublish(r, traceparent(),
            tracestate()))
        .add(DaprGrpc.getSubscribeTopicEventsAlpha1Method(), ServerCalls.asyncBidiStreamingCall(streaming::open));
  }

  /** The publish span's {@code traceparent} (daprd's {@code TraceIDAndStateFromSpan}); null without a span. */
  private static String traceparent() {
    TraceContext trace = GrpcCalls.trace();
    return trace == null ? null : trace.traceparent();
  }

  private static String tracestate() {
    TraceContext trace = GrpcCalls.trace();
    return trace == null ? null : trace.tracestateHeader();
  }
}
