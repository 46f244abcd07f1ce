package io.jdaprd.api.grpc.calls;

import com.linecorp.armeria.common.util.SafeCloseable;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Answers an RPC with one response computed by a block handler on a virtual thread of its own, never on the event
 * loop, with the call's Armeria context current; the answer goes back to the event loop in one task (headers,
 * message and trailers together). Listener callbacks arrive on the event loop, so the call's state needs no lock
 * until it is handed to the virtual thread. Two modes:
 * <ul>
 *   <li>unary: the request is the call's only message, answered at half-close, as grpc-java's unary calls answer
 *       ({@code Too many requests} for a second message, {@code Half-closed without a request} for none);</li>
 *   <li>first message: a call of any kind is answered from its first request message, or from the default message
 *       when it half-closes before sending one.</li>
 * </ul>
 * The failure of a handler is rendered by {@link GrpcCalls} in the call's {@code accept-language}, read on the event
 * loop where {@link LanguageInterceptor}'s context is attached.
 *
 * @param <ReqT> the request type
 * @param <RespT> the response type
 */
final class OffloadedCallHandler<ReqT, RespT> implements ServerCallHandler<ReqT, RespT> {
  private final GrpcMethods.Handler<ReqT, RespT> handler;
  private final GrpcCalls calls;
  /** The message a call that sends none is answered for; {@code null} in unary mode. */
  private final ReqT defaultRequest;

  private OffloadedCallHandler(GrpcMethods.Handler<ReqT, RespT> handler, GrpcCalls calls, ReqT defaultRequest) {
    this.handler = handler;
    this.calls = calls;
    this.defaultRequest = defaultRequest;
  }

  /** A unary RPC answered by {@code handler}. */
  static <ReqT, RespT> OffloadedCallHandler<ReqT, RespT> unary(GrpcMethods.Handler<ReqT, RespT> handler,
      GrpcCalls calls) {
    return new OffloadedCallHandler<>(handler, calls, null);
  }

  /** An RPC of any kind answered from its first message, or from {@code defaultRequest} when it sends none. */
  static <ReqT, RespT> OffloadedCallHandler<ReqT, RespT> firstMessage(GrpcMethods.Handler<ReqT, RespT> handler,
      GrpcCalls calls, ReqT defaultRequest) {
    return new OffloadedCallHandler<>(handler, calls, defaultRequest);
  }

  @Override
  public ServerCall.Listener<ReqT> startCall(ServerCall<ReqT, RespT> call, Metadata headers) {
    // A unary call asks for two messages, so that a second one is seen and refused.
    call.request(defaultRequest == null ? 2 : 1);
    return new Call(call);
  }

  /** One call: its listener, then the task that answers it on a virtual thread, then on the event loop. */
  private final class Call extends ServerCall.Listener<ReqT> implements Runnable {
    private final ServerCall<ReqT, RespT> call;
    private ReqT request;
    private boolean started;
    private ServiceRequestContext ctx;
    private String acceptLanguage;
    private RespT response;
    private StatusRuntimeException failure;

    Call(ServerCall<ReqT, RespT> call) {
      this.call = call;
    }

    @Override
    public void onMessage(ReqT message) {
      if (started) {
        return;
      }
      if (defaultRequest != null) {
        start(message);
      } else if (request != null) {
        started = true;
        call.close(Status.INTERNAL.withDescription("Too many requests"), new Metadata());
      } else {
        request = message;
      }
    }

    @Override
    public void onHalfClose() {
      if (started) {
        return;
      }
      if (defaultRequest != null) {
        start(defaultRequest);
      } else if (request == null) {
        started = true;
        call.close(Status.INTERNAL.withDescription("Half-closed without a request"), new Metadata());
      } else {
        start(request);
      }
    }

    /** On the event loop: hands the call to a virtual thread. */
    private void start(ReqT message) {
      started = true;
      request = message;
      ctx = ServiceRequestContext.currentOrNull();
      acceptLanguage = GrpcCalls.ACCEPT_LANGUAGE.get();
      Thread.startVirtualThread(this);
    }

    /** On the virtual thread: computes the answer, then hands it to the event loop. */
    @Override
    public void run() {
      try (SafeCloseable ignored = ctx == null ? null : ctx.push()) {
        response = handler.handle(request);
      } catch (Exception | Error e) {
        failure = calls.failure(call.getMethodDescriptor(), e, acceptLanguage);
      }
      request = null;
      if (ctx == null) {
        reply();
      } else {
        ctx.eventLoop().execute(this::reply);
      }
    }

    /** On the event loop (when there is one): the answer, or the failure's status and trailers. */
    private void reply() {
      if (call.isCancelled()) {
        return;
      }
      if (failure != null) {
        GrpcCalls.closeWith(call, failure);
        return;
      }
      try {
        call.sendHeaders(new Metadata());
        call.sendMessage(response);
      } catch (RuntimeException e) {
        GrpcCalls.closeWith(call, calls.failure(method(), e, acceptLanguage));
        return;
      }
      call.close(Status.OK, new Metadata());
    }

    private MethodDescriptor<ReqT, RespT> method() {
      return call.getMethodDescriptor();
    }
  }
}
