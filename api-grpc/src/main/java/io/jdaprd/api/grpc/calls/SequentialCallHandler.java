package io.jdaprd.api.grpc.calls;

import com.linecorp.armeria.common.util.SafeCloseable;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Context;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the listener of a handler that manages its call itself (a stream) off the event loop: each callback, in the
 * order it arrived, on a virtual thread, with the call's Armeria context and its gRPC {@link Context} (the caller's
 * language) current. The handler's {@code startCall} stays on the event loop, so it must only set the call up.
 *
 * @param <ReqT> the request type
 * @param <RespT> the response type
 */
final class SequentialCallHandler<ReqT, RespT> implements ServerCallHandler<ReqT, RespT> {
  private final ServerCallHandler<ReqT, RespT> next;

  SequentialCallHandler(ServerCallHandler<ReqT, RespT> next) {
    this.next = next;
  }

  @Override
  public ServerCall.Listener<ReqT> startCall(ServerCall<ReqT, RespT> call, Metadata headers) {
    ServerCall.Listener<ReqT> listener = next.startCall(call, headers);
    Tasks tasks = new Tasks(call, ServiceRequestContext.currentOrNull(), Context.current());
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(ReqT message) {
        tasks.execute(() -> super.onMessage(message));
      }

      @Override
      public void onHalfClose() {
        tasks.execute(super::onHalfClose);
      }

      @Override
      public void onCancel() {
        tasks.execute(super::onCancel);
      }

      @Override
      public void onComplete() {
        tasks.execute(super::onComplete);
      }

      @Override
      public void onReady() {
        tasks.execute(super::onReady);
      }
    };
  }

  /** One call's callbacks, run one after another on a virtual thread started when there is work. */
  private static final class Tasks implements Runnable {
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final ServerCall<?, ?> call;
    private final ServiceRequestContext ctx;
    private final Context context;

    Tasks(ServerCall<?, ?> call, ServiceRequestContext ctx, Context context) {
      this.call = call;
      this.ctx = ctx;
      this.context = context;
    }

    void execute(Runnable task) {
      queue.add(task);
      if (running.compareAndSet(false, true)) {
        Thread.startVirtualThread(this);
      }
    }

    @Override
    public void run() {
      do {
        try (SafeCloseable ignored = ctx == null ? null : ctx.push()) {
          Context previous = context.attach();
          try {
            for (Runnable task = queue.poll(); task != null; task = queue.poll()) {
              runOrClose(task);
            }
          } finally {
            context.detach(previous);
          }
        } finally {
          running.set(false);
        }
      } while (!queue.isEmpty() && running.compareAndSet(false, true));
    }

    /** Runs {@code task}; a callback that throws ends the call with the throwable's status, as Armeria would. */
    private void runOrClose(Runnable task) {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        try {
          call.close(Status.fromThrowable(e), new Metadata());
        } catch (RuntimeException alreadyClosed) {
          e.addSuppressed(alreadyClosed);
        }
      }
    }
  }
}
