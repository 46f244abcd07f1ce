package io.jdaprd.appchannel;

import com.linecorp.armeria.client.ClientFactoryBuilder;
import com.linecorp.armeria.client.ClientFactoryOptions;
import com.linecorp.armeria.common.SessionProtocol;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Sends an HTTP/1.1 request's headers to the app (or to an HTTP endpoint) together with the start of its body: one
 * {@code send} and one packet for a request held in memory (an actor call, an invocation, an event), where Armeria's
 * HTTP/1.1 client flushes the headers on their own and then the body (two system calls, two packets, two wake-ups of
 * the app).
 *
 * <p>The flush that follows the headers of a request with a body of known length is held until the first piece of
 * that body has been written; that piece's flush sends both. Nothing else is held: later pieces, requests without a
 * body, requests of unknown length and requests that expect {@code 100 Continue} (their body waits for the app's
 * answer to the headers) flush as before. The headers' write is reported complete when it is queued, as Armeria's
 * streaming requests ask for their body only then; should the send fail, the body's write on the same connection
 * fails with it.
 *
 * <p>Armeria's client writes and flushes a request from the channel, i.e. from the pipeline's tail, so one handler
 * next to the tail sees both. The tail is known only once the HTTP/1.1 session is set up (Armeria builds the pipeline
 * after the connection's customizer has run): a first handler waits for that and puts the second in place, just
 * before Armeria's session handler (which must stay last); HTTP/2 connections are left as they are.
 */
final class RequestHeadersWithBody extends ChannelDuplexHandler {
  private boolean holding;

  RequestHeadersWithBody() {
  }

  /** Sets the connections of the factory built by {@code builder} up for this. */
  static ClientFactoryBuilder on(ClientFactoryBuilder builder) {
    return builder.option(ClientFactoryOptions.CHANNEL_PIPELINE_CUSTOMIZER, RequestHeadersWithBody::addTo);
  }

  /** Adds, to a connection's pipeline before it connects, the handler that installs this once HTTP/1.1 is up. */
  static void addTo(ChannelPipeline pipeline) {
    pipeline.addLast(new OnHttp1Session());
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpContent) {
      holding = false; // a piece of the body, or a whole request
    } else if (msg instanceof HttpRequest headers) {
      // Decided anew for each request: one given up before its body does not hold the next one's flush.
      holding = HttpUtil.getContentLength(headers, -1L) > 0 && !HttpUtil.is100ContinueExpected(headers);
      if (holding) {
        ctx.write(msg, ctx.newPromise());
        promise.trySuccess();
        return;
      }
    }
    ctx.write(msg, promise);
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (!holding) {
      ctx.flush();
    }
  }

  /** Waits for Armeria's announcement of the session's protocol; on HTTP/1.1 adds the handler next to the tail. */
  private static final class OnHttp1Session extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (!(event instanceof SessionProtocol protocol)) {
        ctx.fireUserEventTriggered(event);
        return;
      }
      if (protocol == SessionProtocol.H1C || protocol == SessionProtocol.H1) {
        // Before the session handler, which Armeria expects last; it writes nothing of its own.
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addBefore(pipeline.lastContext().name(), null, new RequestHeadersWithBody());
      }
      // Passed on before leaving: the session handler starts writing requests when it sees the event.
      ctx.fireUserEventTriggered(event);
      ctx.pipeline().remove(this);
    }
  }
}
