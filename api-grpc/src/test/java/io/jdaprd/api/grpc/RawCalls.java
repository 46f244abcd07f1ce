package io.jdaprd.api.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Calls any RPC, of any kind, with one request message and a half-close, and collects what comes back. */
final class RawCalls {
  private RawCalls() {
  }

  /** What a call answered. */
  record Result<RespT>(Status status, Metadata trailers, List<RespT> messages) {
    GrpcErrors errors() {
      return GrpcErrors.of(status, trailers);
    }
  }

  /** The default message of {@code method}'s request type. */
  @SuppressWarnings("unchecked")
  static <ReqT> ReqT defaultRequest(MethodDescriptor<ReqT, ?> method) {
    return ((MethodDescriptor.PrototypeMarshaller<ReqT>) method.getRequestMarshaller()).getMessagePrototype();
  }

  /** Sends {@code request}, half-closes, and waits for the close. */
  static <ReqT, RespT> Result<RespT> call(Channel channel, MethodDescriptor<ReqT, RespT> method, ReqT request)
      throws Exception {
    ClientCall<ReqT, RespT> call = channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
    List<RespT> messages = new ArrayList<>();
    CompletableFuture<Result<RespT>> closed = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(RespT message) {
        synchronized (messages) {
          messages.add(message);
        }
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        synchronized (messages) {
          closed.complete(new Result<>(status, trailers, List.copyOf(messages)));
        }
      }
    }, new Metadata());
    call.request(Integer.MAX_VALUE);
    call.sendMessage(request);
    call.halfClose();
    return closed.get(15, TimeUnit.SECONDS);
  }
}
