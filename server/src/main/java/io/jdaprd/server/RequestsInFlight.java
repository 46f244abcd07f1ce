package io.jdaprd.server;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Counts the requests of the API servers that have started and whose response is not fully sent yet, so that a
 * shutdown can wait for exactly those ({@link #awaitNone(Duration)}) and then close the servers at once.
 *
 * <p>Armeria's own graceful shutdown is not used for this: after its drain it waits up to one more second for every
 * connection still open, idle or not, which would make every stop with a connected client take a second longer.
 */
final class RequestsInFlight {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition none = lock.newCondition();
  private long count;

  /** The server decorator that counts each request from its start until its response is sent or aborted. */
  Function<? super HttpService, ? extends HttpService> decorator() {
    return delegate -> (ServiceRequestContext ctx, HttpRequest req) -> {
      started();
      ctx.log().whenComplete().whenComplete((log, e) -> finished());
      return delegate.serve(ctx, req);
    };
  }

  /** The requests in flight now. */
  long count() {
    lock.lock();
    try {
      return count;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until no request is in flight or {@code timeout} passed; returns whether none is. */
  boolean awaitNone(Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (count > 0) {
        if (left <= 0) {
          return false;
        }
        left = none.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void started() {
    lock.lock();
    try {
      count++;
    } finally {
      lock.unlock();
    }
  }

  private void finished() {
    lock.lock();
    try {
      if (--count == 0) {
        none.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }
}
