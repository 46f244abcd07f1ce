package io.jdaprd.api.grpc.crypto;

import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos.StreamPayload;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.jdaprd.api.grpc.calls.GrpcCalls;
import io.jdaprd.errors.factories.CommonErrors;
import io.jdaprd.errors.factories.CryptoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One of daprd's crypto streams ({@code EncryptAlpha1}, {@code DecryptAlpha1}): the first message (within 5 s)
 * carries the options and maybe a payload, later ones payloads only, their {@code seq} counting from 0. The scheme
 * runs on its own virtual thread, reading the payloads through a {@link PayloadPipe} and answering its output in
 * messages of at most a segment, their {@code seq} counting from 0, sent only while the transport is ready: memory
 * stays at a few segments whatever the payload's size.
 *
 * @param <ReqT> the request message
 * @param <RespT> the response message
 */
final class CryptoStream<ReqT, RespT> implements ServerCallHandler<ReqT, RespT> {
  static final long FIRST_MESSAGE_TIMEOUT_MS = 5_000;
  private static final int CHUNK = 64 * 1024 + 16 + 1;
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("crypto-first-message").factory());

  /** What differs between the two streams. */
  interface Kind<ReqT, RespT> {
    /** The error for a first message that lacks something, else {@code null}. */
    RuntimeException validate(ReqT first);

    /** Whether {@code message} carries options. */
    boolean hasOptions(ReqT message);

    /** The message's payload, or {@code null}. */
    StreamPayload payload(ReqT message);

    /** Runs the block on {@code first}'s options: the output stream, or the block's error. */
    InputStream start(ReqT first, InputStream payloads);

    /** A response carrying {@code payload}. */
    RespT response(StreamPayload payload);
  }

  private final Kind<ReqT, RespT> kind;
  private final GrpcCalls calls;

  CryptoStream(Kind<ReqT, RespT> kind, GrpcCalls calls) {
    this.kind = kind;
    this.calls = calls;
  }

  @Override
  public ServerCall.Listener<ReqT> startCall(ServerCall<ReqT, RespT> call, Metadata headers) {
    Call c = new Call(call);
    call.request(1);
    c.timeout = TIMER.schedule(c::firstMessageTimeout, FIRST_MESSAGE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    return c;
  }

  private final class Call extends ServerCall.Listener<ReqT> {
    private final ServerCall<ReqT, RespT> call;
    private final AtomicBoolean first = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PayloadPipe pipe;
    private volatile ScheduledFuture<?> timeout;
    private long expectSeq;
    private boolean inputDone;

    Call(ServerCall<ReqT, RespT> call) {
      this.call = call;
      this.pipe = new PayloadPipe(() -> call.isCancelled() || closed.get());
    }

    void firstMessageTimeout() {
      if (first.compareAndSet(true, false)) {
        fail(CommonErrors.badRequest("error waiting for first message: context deadline exceeded"));
      }
    }

    @Override
    public void onMessage(ReqT message) {
      if (first.compareAndSet(true, false)) {
        cancelTimer();
        RuntimeException invalid = kind.validate(message);
        if (invalid != null) {
          fail(invalid);
          return;
        }
        Thread.ofVirtual().name("crypto-stream").start(() -> run(message));
      } else if (closed.get() || inputDone) {
        return;
      } else if (kind.hasOptions(message)) {
        inputDone = true;
        pipe.fail("options found in non-leading message");
        return;
      }
      StreamPayload payload = kind.payload(message);
      if (payload != null) {
        pipe.write(payload.getData().toByteArray());
        if (payload.getSeq() != expectSeq) {
          inputDone = true;
          pipe.fail("invalid sequence number received: " + Long.toUnsignedString(payload.getSeq())
              + " (expected: " + expectSeq + ")");
          return;
        }
        expectSeq++;
      }
      if (!closed.get()) {
        call.request(1);
      }
    }

    @Override
    public void onHalfClose() {
      if (first.compareAndSet(true, false)) {
        cancelTimer();
        fail(CryptoErrors.operation("", "error receiving the first message: EOF"));
        return;
      }
      if (!inputDone) {
        inputDone = true;
        pipe.end();
      }
    }

    @Override
    public void onCancel() {
      cancelTimer();
      closed.set(true);
      pipe.close();
    }

    private void run(ReqT firstMessage) {
      InputStream out;
      try {
        out = kind.start(firstMessage, pipe);
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
      try (out) {
        call.sendHeaders(new Metadata());
        byte[] buf = new byte[CHUNK];
        long seq = 0;
        for (int n; (n = out.read(buf)) >= 0; ) {
          if (n == 0) {
            continue;
          }
          while (!call.isReady()) {
            if (call.isCancelled()) {
              throw new IOException("context canceled");
            }
            LockSupport.parkNanos(200_000);
          }
          call.sendMessage(kind.response(StreamPayload.newBuilder().setData(ByteString.copyFrom(buf, 0, n))
              .setSeq(seq++).build()));
        }
        if (closed.compareAndSet(false, true)) {
          call.close(Status.OK, new Metadata());
        }
      } catch (IOException e) {
        fail(CryptoErrors.operation("", e.getMessage()));
      } catch (RuntimeException e) {
        fail(e);
      } finally {
        pipe.close();
      }
    }

    private void fail(Throwable t) {
      if (closed.compareAndSet(false, true)) {
        pipe.close();
        if (!call.isCancelled()) {
          calls.close(call, t);
        }
      }
    }

    private void cancelTimer() {
      ScheduledFuture<?> t = timeout;
      if (t != null) {
        t.cancel(false);
      }
    }
  }
}
