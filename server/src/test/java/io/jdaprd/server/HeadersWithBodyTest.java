package io.jdaprd.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link HeadersWithBody} on a pipeline like Armeria's (its flush consolidation near the head): the flush after the
 * headers of an answer with a body is held until the body's first piece, and nothing else is held.
 */
class HeadersWithBodyTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(new FlushConsolidationHandler());

  HeadersWithBodyTest() {
    HeadersWithBody.addTo(channel.pipeline());
  }

  @Test
  void theHeadersOfAnAnswerWithABodyGoOutWithItsFirstPiece() {
    DefaultHttpResponse headers = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    headers.headers().set(HttpHeaderNames.CONTENT_LENGTH, 7);
    ChannelFuture written = channel.writeAndFlush(headers);
    assertThat(written.isSuccess()).as("the headers' write is complete, so that the body is asked for").isTrue();
    assertThat(channel.outboundMessages()).as("nothing sent before the body").isEmpty();

    channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("\"hello\"", StandardCharsets.UTF_8)));
    assertThat(channel.outboundMessages()).as("headers and body in one flush").hasSize(2);
    channel.releaseOutbound();

    channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(channel.outboundMessages()).as("the end, not held").hasSize(1);
  }

  @Test
  void answersWithoutABodyOrOfUnknownLengthAreNotHeld() {
    channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT));
    assertThat(channel.outboundMessages()).as("a whole answer").hasSize(1);
    channel.releaseOutbound();

    DefaultHttpResponse empty = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    empty.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
    channel.writeAndFlush(empty);
    assertThat(channel.outboundMessages()).as("headers of an empty body").hasSize(1);
    channel.releaseOutbound();

    channel.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    assertThat(channel.outboundMessages()).as("headers of a streamed body of unknown length").hasSize(1);
  }

  @Test
  void onlyTheFlushBeforeTheFirstPieceIsHeld() {
    DefaultHttpResponse headers = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    headers.headers().set(HttpHeaderNames.CONTENT_LENGTH, 2);
    channel.writeAndFlush(headers);
    channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("a", StandardCharsets.UTF_8)));
    channel.releaseOutbound();
    channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("b", StandardCharsets.UTF_8)));
    assertThat(channel.outboundMessages()).as("a later piece of a streamed body").hasSize(1);
  }
}
