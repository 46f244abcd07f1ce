package io.jdaprd.placement.server;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jdaprd.proto.placement.v1.Host;
import io.jdaprd.proto.placement.v1.PlacementOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One sidecar's ReportDaprStatus stream, seen from the service's loop thread (every field is touched only there).
 * Sends never throw: a failed send ends the connection.
 */
final class Connection {
  private final StreamObserver<PlacementOrder> out;
  /** The host address of the first report, for logs. */
  String peer = "";
  String namespace;
  /** The stream's index in its namespace once added; -1 while waiting for a round to end. */
  long idx = -1;
  /** Reports received before the stream was added, replayed in order once it is. */
  final List<Host> backlog = new ArrayList<>();
  /** The newest round version a lock was sent for (daprd's per-stream filter); null before the first lock. */
  Long sentVersion;
  boolean closed;
  private final Runnable onSendFailure;

  Connection(StreamObserver<PlacementOrder> out, Runnable onSendFailure) {
    this.out = out;
    this.onSendFailure = onSendFailure;
  }

  void send(PlacementOrder order) {
    if (closed) {
      return;
    }
    try {
      out.onNext(order);
    } catch (RuntimeException e) {
      onSendFailure.run();
    }
  }

  /** Ends the stream from the service's side with an OK status; idempotent. */
  void complete() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.onCompleted();
    } catch (RuntimeException ignored) {
      // already closed by the peer
    }
  }

  /** Ends the stream from the service's side with {@code status}; idempotent. */
  void end(Status status) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.onError(status.asRuntimeException());
    } catch (RuntimeException ignored) {
      // already closed by the peer
    }
  }
}
