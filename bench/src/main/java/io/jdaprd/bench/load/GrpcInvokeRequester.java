package io.jdaprd.bench.load;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClientBuilder;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.dapr.v1.DaprGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.jdaprd.bench.floor.InvokeMethod;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A unary call of the floor's {@link InvokeMethod} with the payload over HTTP/2 cleartext, on its own client factory
 * (one connection); to a sidecar, with {@code dapr-app-id} metadata naming the app it is proxied to.
 */
final class GrpcInvokeRequester implements Requester {
  private final ClientFactory factory;
  private final Channel channel;
  private final byte[] value;

  GrpcInvokeRequester(ClientFactory factory, Target target, byte[] value) {
    this.factory = factory;
    this.value = value;
    GrpcClientBuilder builder = GrpcClients.builder("h2c://" + target.host() + ":" + target.port()).factory(factory)
        .responseTimeout(Duration.ZERO).maxResponseLength(16 << 20);
    if (target.key() != null) {
      builder.addHeader("dapr-app-id", target.key());
    }
    // Armeria builds stubs, not bare channels: the channel under any stub carries calls of any method.
    this.channel = builder.build(DaprGrpc.DaprStub.class).getChannel();
  }

  @Override
  public CompletableFuture<Integer> send() {
    CompletableFuture<Integer> future = new CompletableFuture<>();
    ClientCalls.asyncUnaryCall(channel.newCall(InvokeMethod.METHOD, CallOptions.DEFAULT), value,
        new StreamObserver<>() {
          @Override
          public void onNext(byte[] answer) {
            // only that it came matters
          }

          @Override
          public void onError(Throwable t) {
            future.complete(Status.fromThrowable(t).getCode().value());
          }

          @Override
          public void onCompleted() {
            future.complete(0);
          }
        });
    return future;
  }

  @Override
  public void close() {
    factory.close();
  }
}
