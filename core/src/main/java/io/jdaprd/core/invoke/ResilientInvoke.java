package io.jdaprd.core.invoke;

import io.jdaprd.core.Transport;
import io.jdaprd.core.resiliency.Policy;
import io.jdaprd.errors.factories.CauseCode;
import java.io.IOException;

/**
 * One service invocation under an app's resiliency policy, as daprd's invoke APIs run it. An answer of the app that
 * is an error counts as a failed attempt (for the breaker, and for a retry): over HTTP an HTTP answer outside
 * 200-399, retried when the policy's {@code matching} allows its status; over gRPC any answer that is not OK,
 * retried as any failure. When the attempts are spent the last answer goes back to the caller as it came. A
 * request is sent again only when its body could be kept (not streamed, at most {@code replayLimit} bytes);
 * otherwise a failed attempt ends the call. A timeout or an open breaker fails the call as {@code ERR_DIRECT_INVOKE}
 * with daprd's text ({@code context deadline exceeded}, {@code circuit breaker is open}).
 */
final class ResilientInvoke {
  private ResilientInvoke() {
  }

  /** Sends one attempt. */
  @FunctionalInterface
  interface Attempt {
    InvokeResponse send(InvokeRequest request) throws RemoteCallException;
  }

  static InvokeResponse run(Policy policy, InvokeRequest request, Transport transport, long replayLimit,
      Attempt attempt) throws RemoteCallException {
    boolean replay = policy.hasRetries() && !request.streaming() && request.body().length() <= replayLimit;
    byte[] body = null;
    if (replay) {
      try {
        body = request.body().readAll(replayLimit);
      } catch (IOException e) {
        throw new RemoteCallException(CauseCode.UNKNOWN, "failed to read data from request object: "
            + e.getMessage());
      }
    }
    byte[] kept = body;
    try {
      return policy.run(() -> {
        InvokeRequest sent = kept == null ? request : new InvokeRequest(request.method(), request.verb(),
            request.query(), request.metadata(), request.contentType(), InvokeBody.of(kept));
        InvokeResponse response = attempt.send(sent);
        failure(response, transport);
        return response;
      }, message -> RemoteCallException.stoppedByPolicy(Policy.DEADLINE_EXCEEDED.equals(message)
          ? CauseCode.DEADLINE_EXCEEDED : CauseCode.UNKNOWN, message), e -> !replay);
    } catch (Policy.CodeFailure f) {
      return (InvokeResponse) f.value();
    }
  }

  /** Throws the answer as a failure when it is an error answer for the caller's transport. */
  private static void failure(InvokeResponse response, Transport transport) {
    int code = response.status().code();
    if (transport == Transport.HTTP) {
      if (response.status().isHttp() && (code < 200 || code > 399)) {
        throw new Policy.CodeFailure(code, response);
      }
    } else if (response.status().isHttp() ? code < 200 || code >= 300 : code != 0) {
      throw new Policy.CodeFailure(code, response, false);
    }
  }
}
