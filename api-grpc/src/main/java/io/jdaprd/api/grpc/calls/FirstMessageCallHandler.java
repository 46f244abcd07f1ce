package io.jdaprd.api.grpc.calls;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;

/**
 * Answers an RPC of any kind (unary, server, client or bidirectional streaming) from its first request message: the
 * handler's one response for that message, or its error. A stream that is half-closed before any message is
 * answered as if it had sent the default message. Used for the RPCs a block answers without reading a stream.
 *
 * @param <ReqT> the request type
 * @param <RespT> the response type
 */
final class FirstMessageCallHandler<ReqT, RespT> implements ServerCallHandler<ReqT, RespT> {
  private final GrpcMethods.Handler<ReqT, RespT> answer;
  private final ReqT defaultRequest;
  private final GrpcCalls calls;

  FirstMessageCallHandler(GrpcMethods.Handler<ReqT, RespT> answer, ReqT defaultRequest, GrpcCalls calls) {
    this.answer = answer;
    this.defaultRequest = defaultRequest;
    this.calls = calls;
  }

  @Override
  public ServerCall.Listener<ReqT> startCall(ServerCall<ReqT, RespT> call, Metadata headers) {
    call.request(1);
    return new ServerCall.Listener<>() {
      private boolean answered;

      @Override
      public void onMessage(ReqT message) {
        respond(message);
      }

      @Override
      public void onHalfClose() {
        respond(defaultRequest);
      }

      private void respond(ReqT request) {
        if (answered) {
          return;
        }
        answered = true;
        RespT response;
        try {
          response = answer.handle(request);
        } catch (Exception | Error e) {
          calls.close(call, e);
          return;
        }
        call.sendHeaders(new Metadata());
        call.sendMessage(response);
        call.close(Status.OK, new Metadata());
      }
    };
  }
}
