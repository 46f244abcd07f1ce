package io.jdaprd.server;

import com.linecorp.armeria.server.ServerBuilder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Sends an HTTP/1.1 answer's headers together with the start of its body: one {@code send} and one packet for an
 * answer held in memory, where Armeria's HTTP/1.1 encoder flushes the headers on their own and then the body (two
 * system calls, two packets and two wake-ups of the client per answer; {@code send} alone was a quarter of the
 * sidecar's CPU for a call to an active actor).
 *
 * <p>The flush that follows the headers of an answer with a body of known length is held until the first piece of
 * the body has been written; that piece's flush sends both. Nothing else is held: the pieces after the first,
 * answers without a body (their end is written right after their headers) and answers of unknown length flush as
 * before, so a streamed body is never kept back; an answer whose first piece is slow to come sends its headers with
 * it. HTTP/2 connections are untouched (their frames do not pass the part that looks at answers).
 *
 * <p>Two handlers share the decision: one at the pipeline's tail sees each answer's parts as Armeria writes them
 * (headers, then body pieces), one next to the head, below the HTTP/1.1 codec, sees every flush (Armeria flushes
 * from its own handler's place, which the tail never sees).
 */
final class HeadersWithBody {
  private boolean holding;

  private HeadersWithBody() {
  }

  /** Adds the two handlers to each connection {@code sb} accepts. */
  static void on(ServerBuilder sb) {
    sb.childChannelPipelineCustomizer(HeadersWithBody::addTo);
  }

  /** Adds the two handlers to {@code pipeline}, which holds Armeria's flush consolidation (else: nothing). */
  static void addTo(ChannelPipeline pipeline) {
    ChannelHandlerContext consolidation = pipeline.context(FlushConsolidationHandler.class);
    if (consolidation == null) {
      return;
    }
    HeadersWithBody state = new HeadersWithBody();
    pipeline.addAfter(consolidation.name(), null, new Flushes(state));
    pipeline.addLast(new Answers(state));
  }

  /** Sees the parts of each answer: holds flushes from headers with a body to come until that body's first piece. */
  private static final class Answers extends ChannelOutboundHandlerAdapter {
    private final HeadersWithBody state;

    Answers(HeadersWithBody state) {
      this.state = state;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof HttpContent) {
        state.holding = false;
      } else if (msg instanceof HttpResponse headers && HttpUtil.getContentLength(headers, -1L) > 0) {
        // Armeria asks for the body only once the headers' write has completed: complete it now, as a held
        // flush would never let it complete. A failure to send them fails the body's write on the same connection.
        state.holding = true;
        ctx.write(msg, ctx.newPromise());
        promise.trySuccess();
        return;
      }
      ctx.write(msg, promise);
    }
  }

  /** Sees every flush: passes it on unless it is held. */
  private static final class Flushes extends ChannelOutboundHandlerAdapter {
    private final HeadersWithBody state;

    Flushes(HeadersWithBody state) {
      this.state = state;
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      if (!state.holding) {
        ctx.flush();
      }
    }
  }
}
