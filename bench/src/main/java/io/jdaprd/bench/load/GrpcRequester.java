package io.jdaprd.bench.load;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.dapr.v1.CommonProtos.StateItem;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code dapr.proto.runtime.v1.Dapr/GetState} or {@code SaveState} over HTTP/2 cleartext, on its own client
 * factory, so that it holds exactly one connection.
 */
final class GrpcRequester implements Requester {
  private final ClientFactory factory;
  private final DaprGrpc.DaprStub stub;
  private final GetStateRequest get;
  private final SaveStateRequest save;

  GrpcRequester(ClientFactory factory, Target target, byte[] value) {
    this.factory = factory;
    this.stub = GrpcClients.builder("h2c://" + target.host() + ":" + target.port()).factory(factory)
        .responseTimeout(Duration.ZERO).maxResponseLength(16 << 20).build(DaprGrpc.DaprStub.class);
    switch (target.op()) {
      case "get" -> {
        get = GetStateRequest.newBuilder().setStoreName(target.store()).setKey(target.key()).build();
        save = null;
      }
      case "save" -> {
        get = null;
        save = SaveStateRequest.newBuilder().setStoreName(target.store()).addStates(StateItem.newBuilder()
            .setKey(target.key()).setValue(ByteString.copyFrom(value))).build();
      }
      default -> throw new IllegalArgumentException("op: " + target.op() + " (expected over gRPC: get or save)");
    }
  }

  @Override
  public CompletableFuture<Integer> send() {
    Outcome<Object> outcome = new Outcome<>();
    if (get != null) {
      stub.getState(get, cast(outcome));
    } else {
      stub.saveState(save, cast(outcome));
    }
    return outcome.future;
  }

  @SuppressWarnings("unchecked")
  private static <T> StreamObserver<T> cast(Outcome<Object> outcome) {
    return (StreamObserver<T>) (StreamObserver<?>) outcome;
  }

  @Override
  public void close() {
    factory.close();
  }

  /** Completes with the call's status code once the call ends. */
  private static final class Outcome<T> implements StreamObserver<T> {
    final CompletableFuture<Integer> future = new CompletableFuture<>();

    @Override
    public void onNext(T value) {
      // the answer's content is not needed, only that it came
    }

    @Override
    public void onError(Throwable t) {
      future.complete(Status.fromThrowable(t).getCode().value());
    }

    @Override
    public void onCompleted() {
      future.complete(0);
    }
  }
}
