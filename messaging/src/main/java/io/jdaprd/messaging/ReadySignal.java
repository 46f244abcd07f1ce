package io.jdaprd.messaging;

import io.grpc.stub.CallStreamObserver;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets a (virtual) thread that writes a gRPC stream wait until the transport can take more, so that the writer
 * never queues more than gRPC's own buffer: register {@link #signal()} as the stream's on-ready handler.
 */
final class ReadySignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private volatile boolean done;

  /** The on-ready handler. */
  void signal() {
    lock.lock();
    try {
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The stream ended (cancelled, failed or completed): waiting writers stop. */
  void end() {
    done = true;
    signal();
  }

  boolean ended() {
    return done;
  }

  /**
   * Waits until {@code stream} is ready.
   *
   * @return {@code false} when the stream ended meanwhile
   */
  boolean awaitReady(CallStreamObserver<?> stream) throws InterruptedException {
    lock.lock();
    try {
      while (!stream.isReady() && !done) {
        ready.await(100, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      return !done;
    } finally {
      lock.unlock();
    }
  }
}
