package io.jdaprd.messaging;

import io.jdaprd.proto.internals.v1.InternalInvokeResponseStream;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Records the answers of a raw {@code CallLocalStream} call and how it ended. */
final class AnswerRecorder implements StreamObserver<InternalInvokeResponseStream> {
  final List<InternalInvokeResponseStream> answers = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Status> done = new CompletableFuture<>();

  @Override
  public void onNext(InternalInvokeResponseStream value) {
    answers.add(value);
  }

  @Override
  public void onError(Throwable t) {
    done.complete(Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    done.complete(Status.OK);
  }

  /** The status the call ended with, waiting up to 10 s. */
  Status.Code end() throws Exception {
    return done.get(10, TimeUnit.SECONDS).getCode();
  }
}
