package io.jdaprd.it;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.CommonProtos;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.jdaprd.spi.testkit.grpc.RawBytes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain grpc-java app for the invocation tests: {@code AppCallback.OnInvoke} echoes the data (method {@code fail}
 * answers InvalidArgument with an ErrorInfo), and a service of its own, {@code test.Echo}, that the sidecars can
 * only proxy: unary {@code Reverse} and bidi-streaming {@code Chat}, on raw bytes. Records the metadata it got.
 */
final class GrpcInvokeApp implements AutoCloseable {
  static final MethodDescriptor<byte[], byte[]> REVERSE = method("Reverse", MethodDescriptor.MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> CHAT = method("Chat", MethodDescriptor.MethodType.BIDI_STREAMING);

  private final Server server;
  private final List<Metadata> headers = new CopyOnWriteArrayList<>();

  GrpcInvokeApp() throws IOException {
    ServerServiceDefinition echo = ServerServiceDefinition.builder("test.Echo")
        .addMethod(REVERSE, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(new StringBuilder(new String(request)).reverse().toString().getBytes());
          response.onCompleted();
        }))
        .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall(response -> new StreamObserver<byte[]>() {
          @Override
          public void onNext(byte[] value) {
            response.onNext(("echo:" + new String(value)).getBytes());
          }

          @Override
          public void onError(Throwable t) {
          }

          @Override
          public void onCompleted() {
            response.onCompleted();
          }
        }))
        .build();
    io.grpc.ServerInterceptor recorder = new io.grpc.ServerInterceptor() {
      @Override
      public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, Metadata md,
          io.grpc.ServerCallHandler<Q, R> next) {
        headers.add(md);
        return next.startCall(call, md);
      }
    };
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(echo, recorder))
        .addService(ServerInterceptors.intercept(new Callback(), recorder))
        .build().start();
  }

  int port() {
    return server.getPort();
  }

  /** The metadata of every call so far. */
  List<Metadata> headers() {
    return headers;
  }

  private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
    return RawBytes.method(MethodDescriptor.generateFullMethodName("test.Echo", name), type);
  }

  private static final class Callback extends AppCallbackGrpc.AppCallbackImplBase {
    @Override
    public void onInvoke(CommonProtos.InvokeRequest request, StreamObserver<CommonProtos.InvokeResponse> response) {
      if (request.getMethod().equals("fail")) {
        response.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.INVALID_ARGUMENT.value()).setMessage("bad input")
            .addDetails(Any.pack(com.google.rpc.ErrorInfo.newBuilder().setReason("BAD").setDomain("app").build()))
            .build()));
        return;
      }
      String verb = request.hasHttpExtension() ? request.getHttpExtension().getVerb().name() : "none";
      response.onNext(CommonProtos.InvokeResponse.newBuilder().setContentType("text/plain")
          .setData(Any.newBuilder().setValue(ByteString.copyFromUtf8(request.getMethod() + "|" + verb + "|"
              + request.getData().getValue().toStringUtf8()))).build());
      response.onCompleted();
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
