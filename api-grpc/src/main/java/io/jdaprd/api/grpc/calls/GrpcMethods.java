package io.jdaprd.api.grpc.calls;

import io.jdaprd.api.grpc.DaprGrpcApi;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * What a block's {@code api.grpc.<block>} package binds its RPCs with: each RPC of the Dapr service to one handler,
 * run through {@link GrpcCalls} so that a failure is daprd's status. Listener callbacks arrive on the event loop
 * (the service does not use Armeria's blocking task executor); every handler bound here runs on a virtual thread,
 * as the HTTP API's do, since a block may do blocking I/O. {@link DaprGrpcApi} then checks that every RPC
 * of the service is bound exactly once.
 */
public final class GrpcMethods {
  private final GrpcCalls calls;
  private final List<ServerMethodDefinition<?, ?>> definitions = new ArrayList<>();

  public GrpcMethods(GrpcCalls calls) {
    this.calls = calls;
  }

  /** A handler: the response to a request, or a {@link io.jdaprd.errors.DaprException}. */
  @FunctionalInterface
  public interface Handler<ReqT, RespT> {
    /** Computes the response. */
    RespT handle(ReqT request) throws Exception;
  }

  /** One block's binding of its RPCs. */
  @FunctionalInterface
  public interface Binding {
    /** Binds the RPCs of one block of {@code blocks} into {@code methods}. */
    void bind(io.jdaprd.core.runtime.Blocks blocks, GrpcMethods methods);
  }

  /** The calls every handler runs through (for handlers that manage a stream themselves). */
  public GrpcCalls calls() {
    return calls;
  }

  /** Binds the unary RPC {@code method} to {@code handler}, run on a virtual thread per call. */
  public <ReqT, RespT> GrpcMethods unary(MethodDescriptor<ReqT, RespT> method, Handler<ReqT, RespT> handler) {
    return bind(method, OffloadedCallHandler.unary(handler, calls));
  }

  /**
   * Binds {@code method}, of any kind, to {@code handler}, which answers from the first request message alone (for
   * example an RPC of a block that has nothing configured), run on a virtual thread per call. A stream that is
   * half-closed before any message is answered as if it had sent the default message.
   */
  public <ReqT, RespT> GrpcMethods firstMessage(MethodDescriptor<ReqT, RespT> method, Handler<ReqT, RespT> handler) {
    return bind(method, OffloadedCallHandler.firstMessage(handler, calls, defaultRequest(method)));
  }

  /**
   * {@link #firstMessage} for a block operation that answers nothing but its error: {@code call} runs the
   * operation, and when it returns, the answer is the empty response message.
   */
  public <ReqT, RespT> GrpcMethods empty(MethodDescriptor<ReqT, RespT> method, Call<ReqT> call) {
    RespT empty = prototype(method.getResponseMarshaller(), method);
    return firstMessage(method, request -> {
      call.run(request);
      return empty;
    });
  }

  /** A block operation on a request, answered with the empty response. */
  @FunctionalInterface
  public interface Call<ReqT> {
    /** Runs the operation; throws its error. */
    void run(ReqT request) throws Exception;
  }

  /**
   * Binds {@code method} to a call handler of its own (a stream). Its {@code startCall} runs on the event loop and
   * must only set the call up; its listener's callbacks run in order on a virtual thread.
   */
  public <ReqT, RespT> GrpcMethods add(MethodDescriptor<ReqT, RespT> method, ServerCallHandler<ReqT, RespT> handler) {
    return bind(method, new SequentialCallHandler<>(handler));
  }

  private <ReqT, RespT> GrpcMethods bind(MethodDescriptor<ReqT, RespT> method, ServerCallHandler<ReqT, RespT> handler) {
    definitions.add(ServerMethodDefinition.create(method, handler));
    return this;
  }

  /** Everything bound, in binding order. */
  public List<ServerMethodDefinition<?, ?>> definitions() {
    return List.copyOf(definitions);
  }

  private static <ReqT> ReqT defaultRequest(MethodDescriptor<ReqT, ?> method) {
    return prototype(method.getRequestMarshaller(), method);
  }

  @SuppressWarnings("unchecked")
  private static <T> T prototype(MethodDescriptor.Marshaller<T> marshaller, MethodDescriptor<?, ?> method) {
    if (marshaller instanceof MethodDescriptor.PrototypeMarshaller<?> m) {
      return (T) m.getMessagePrototype();
    }
    throw new IllegalStateException("no default message for " + method.getFullMethodName());
  }
}
