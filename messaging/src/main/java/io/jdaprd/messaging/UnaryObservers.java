package io.jdaprd.messaging;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** The answer of a unary call made with an async stub, as a future. */
final class UnaryObservers {
  private UnaryObservers() {}

  /**
   * An observer that completes {@code answer} with the call's one response, or exceptionally with its error (an
   * {@code INTERNAL} "no response" when the call ended without one).
   */
  static <T> StreamObserver<T> into(CompletableFuture<T> answer) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        answer.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        answer.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        answer.completeExceptionally(io.grpc.Status.INTERNAL.withDescription("no response").asException());
      }
    };
  }
}
