package io.jdaprd.api.grpc;

import com.google.protobuf.Empty;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprMetadataProtos.GetMetadataResponse;
import io.dapr.v1.DaprMetadataProtos.SetMetadataRequest;
import io.dapr.v1.DaprProtos.ShutdownRequest;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequest;
import io.dapr.v1.DaprPubsubProtos.BulkPublishResponse;
import io.dapr.v1.DaprPubsubProtos.PublishEventRequest;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsRequestAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsResponseAlpha1;
import io.dapr.v1.DaprStateProtos.DeleteBulkStateRequest;
import io.dapr.v1.DaprStateProtos.DeleteStateRequest;
import io.dapr.v1.DaprStateProtos.ExecuteStateTransactionRequest;
import io.dapr.v1.DaprStateProtos.GetBulkStateRequest;
import io.dapr.v1.DaprStateProtos.GetBulkStateResponse;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.GetStateResponse;
import io.dapr.v1.DaprStateProtos.QueryStateRequest;
import io.dapr.v1.DaprStateProtos.QueryStateResponse;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.grpc.MethodDescriptor;
import io.grpc.stub.StreamObserver;
import io.jdaprd.api.grpc.metadata.MetadataHandlers;
import io.jdaprd.api.grpc.pubsub.PubSubHandlers;
import io.jdaprd.api.grpc.pubsub.StreamingSubscriptions;
import io.jdaprd.api.grpc.state.StateHandlers;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The RPCs of the Dapr service that have a building block here, each delegated to its block's handlers through
 * {@link GrpcCalls}. The others are answered by {@link io.jdaprd.api.grpc.unavailable.UnavailableMethods}.
 */
final class DaprService extends DaprGrpc.DaprImplBase {
  /** The full names of the RPCs this class implements. */
  static final Set<String> IMPLEMENTED = Stream.of(DaprGrpc.getGetStateMethod(), DaprGrpc.getGetBulkStateMethod(),
      DaprGrpc.getSaveStateMethod(), DaprGrpc.getDeleteStateMethod(), DaprGrpc.getDeleteBulkStateMethod(),
      DaprGrpc.getExecuteStateTransactionMethod(), DaprGrpc.getQueryStateAlpha1Method(),
      DaprGrpc.getGetMetadataMethod(), DaprGrpc.getSetMetadataMethod(), DaprGrpc.getShutdownMethod(),
      DaprGrpc.getPublishEventMethod(), DaprGrpc.getBulkPublishEventMethod(),
      DaprGrpc.getBulkPublishEventAlpha1Method(), DaprGrpc.getSubscribeTopicEventsAlpha1Method())
      .map(MethodDescriptor::getFullMethodName).collect(Collectors.toUnmodifiableSet());

  private final StateHandlers state;
  private final MetadataHandlers metadata;
  private final PubSubHandlers pubsub;
  private final StreamingSubscriptions streaming;
  private final GrpcCalls calls;

  DaprService(StateHandlers state, MetadataHandlers metadata, PubSubHandlers pubsub,
      StreamingSubscriptions streaming, GrpcCalls calls) {
    this.pubsub = pubsub;
    this.streaming = streaming;
    this.state = state;
    this.metadata = metadata;
    this.calls = calls;
  }

  @Override
  public void getState(GetStateRequest request, StreamObserver<GetStateResponse> observer) {
    calls.unary(DaprGrpc.getGetStateMethod(), observer, () -> state.get(request));
  }

  @Override
  public void getBulkState(GetBulkStateRequest request, StreamObserver<GetBulkStateResponse> observer) {
    calls.unary(DaprGrpc.getGetBulkStateMethod(), observer, () -> state.bulkGet(request));
  }

  @Override
  public void saveState(SaveStateRequest request, StreamObserver<Empty> observer) {
    calls.unary(DaprGrpc.getSaveStateMethod(), observer, () -> state.save(request));
  }

  @Override
  public void deleteState(DeleteStateRequest request, StreamObserver<Empty> observer) {
    calls.unary(DaprGrpc.getDeleteStateMethod(), observer, () -> state.delete(request));
  }

  @Override
  public void deleteBulkState(DeleteBulkStateRequest request, StreamObserver<Empty> observer) {
    calls.unary(DaprGrpc.getDeleteBulkStateMethod(), observer, () -> state.bulkDelete(request));
  }

  @Override
  public void executeStateTransaction(ExecuteStateTransactionRequest request, StreamObserver<Empty> observer) {
    calls.unary(DaprGrpc.getExecuteStateTransactionMethod(), observer, () -> state.transact(request));
  }

  @Override
  public void queryStateAlpha1(QueryStateRequest request, StreamObserver<QueryStateResponse> observer) {
    calls.unary(DaprGrpc.getQueryStateAlpha1Method(), observer, () -> state.query(request));
  }

  @Override
  public void publishEvent(PublishEventRequest request, StreamObserver<Empty> observer) {
    calls.unary(DaprGrpc.getPublishEventMethod(), observer, () -> pubsub.publish(request, null, null));
  }

  @Override
  public void bulkPublishEvent(BulkPublishRequest request, StreamObserver<BulkPublishResponse> observer) {
    calls.unary(DaprGrpc.getBulkPublishEventMethod(), observer, () -> pubsub.bulkPublish(request, null, null));
  }

  @Override
  public void bulkPublishEventAlpha1(BulkPublishRequest request, StreamObserver<BulkPublishResponse> observer) {
    calls.unary(DaprGrpc.getBulkPublishEventAlpha1Method(), observer,
        () -> pubsub.bulkPublish(request, null, null));
  }

  @Override
  public StreamObserver<SubscribeTopicEventsRequestAlpha1> subscribeTopicEventsAlpha1(
      StreamObserver<SubscribeTopicEventsResponseAlpha1> observer) {
    return streaming.open(observer);
  }

  @Override
  public void getMetadata(GetMetadataRequest request, StreamObserver<GetMetadataResponse> observer) {
    calls.unary(DaprGrpc.getGetMetadataMethod(), observer, () -> metadata.get(request));
  }

  @Override
  public void setMetadata(SetMetadataRequest request, StreamObserver<Empty> observer) {
    calls.unary(DaprGrpc.getSetMetadataMethod(), observer, () -> metadata.set(request));
  }

  /** Answers first, then starts the shutdown in the background, as daprd does. */
  @Override
  public void shutdown(ShutdownRequest request, StreamObserver<Empty> observer) {
    calls.unary(DaprGrpc.getShutdownMethod(), observer, Empty::getDefaultInstance);
    metadata.shutdown();
  }
}
