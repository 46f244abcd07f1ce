package io.jdaprd.appchannel;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestHeadersWithBody}: the flush after the headers of a request with a body is held until the body's
 * first piece, nothing else is held, and the app channel's HTTP/1.1 requests reach the app in one piece.
 */
class RequestHeadersWithBodyTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(new RequestHeadersWithBody());

  private static DefaultHttpRequest put(long length) {
    DefaultHttpRequest headers = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/actors/t/1/method/m");
    headers.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
    return headers;
  }

  @Test
  void theHeadersOfARequestWithABodyGoOutWithItsFirstPiece() {
    ChannelFuture written = channel.writeAndFlush(put(7));
    assertThat(written.isSuccess()).as("the headers' write is complete, so that the body is asked for").isTrue();
    assertThat(channel.outboundMessages()).as("nothing sent before the body").isEmpty();

    channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("\"hello\"", StandardCharsets.UTF_8)));
    assertThat(channel.outboundMessages()).as("headers and body in one flush").hasSize(2);
    channel.releaseOutbound();

    channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(channel.outboundMessages()).as("the end, not held").hasSize(1);
  }

  @Test
  void requestsWithoutABodyOfUnknownLengthOrExpectingContinueAreNotHeld() {
    channel.writeAndFlush(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/dapr/config"));
    assertThat(channel.outboundMessages()).as("a whole request").hasSize(1);
    channel.releaseOutbound();

    channel.writeAndFlush(put(0));
    assertThat(channel.outboundMessages()).as("headers of an empty body").hasSize(1);
    channel.releaseOutbound();

    channel.writeAndFlush(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/orders"));
    assertThat(channel.outboundMessages()).as("headers of a streamed body of unknown length").hasSize(1);
    channel.releaseOutbound();

    DefaultHttpRequest expecting = put(5);
    expecting.headers().set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);
    channel.writeAndFlush(expecting);
    assertThat(channel.outboundMessages()).as("headers that wait for the app's 100 Continue").hasSize(1);
  }

  @Test
  void aRequestGivenUpBeforeItsBodyDoesNotHoldTheNext() {
    channel.writeAndFlush(put(7));
    channel.writeAndFlush(put(0));
    assertThat(channel.outboundMessages()).as("the next request's headers send what was held").hasSize(2);
  }

  @Test
  void onlyTheFlushBeforeTheFirstPieceIsHeld() {
    channel.writeAndFlush(put(2));
    channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("a", StandardCharsets.UTF_8)));
    channel.releaseOutbound();
    channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("b", StandardCharsets.UTF_8)));
    assertThat(channel.outboundMessages()).as("a later piece of a streamed body").hasSize(1);
  }

  /**
   * Through the app channel to an app on a plain socket: the first read of each request holds the whole request.
   * Sent as headers and then body, the app's first read ends with the headers on most calls.
   */
  @Test
  void theAppReadsEachRequestWithBodyWhole() throws Exception {
    List<Boolean> wholeOnFirstRead = new CopyOnWriteArrayList<>();
    try (ServerSocket app = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> serve(app, wholeOnFirstRead));
      try (AppChannel appChannel = AppChannels.create(new AppChannelSettings("http", null, app.getLocalPort(), null,
          -1, Duration.ofSeconds(5)))) {
        byte[] body = new byte[300];
        Arrays.fill(body, (byte) 'x');
        for (int i = 0; i < 20; i++) {
          InvokeRequest request = new InvokeRequest("m", "PUT", "", Map.of(), "application/json", InvokeBody.of(body));
          try (InvokeResponse response = appChannel.invoke(request)) {
            assertThat(response.status().code()).isEqualTo(200);
          }
        }
      }
    }
    assertThat(wholeOnFirstRead).hasSize(20).containsOnly(true);
  }

  /** Accepts connections until {@code app} is closed, each served by {@link #answer}. */
  private static void serve(ServerSocket app, List<Boolean> wholeOnFirstRead) {
    try {
      while (true) {
        Socket connection = app.accept();
        Thread.ofVirtual().start(() -> answer(connection, wholeOnFirstRead));
      }
    } catch (IOException closed) {
      // The test is over.
    }
  }

  /** Answers each request of a connection with an empty 200, noting whether one read held all of it. */
  private static void answer(Socket accepted, List<Boolean> wholeOnFirstRead) {
    try (Socket connection = accepted) {
      InputStream in = connection.getInputStream();
      OutputStream out = connection.getOutputStream();
      byte[] buffer = new byte[65536];
      while (true) {
        int first = in.read(buffer);
        if (first < 0) {
          return;
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(buffer, 0, first);
        boolean whole = isWhole(request.toByteArray());
        wholeOnFirstRead.add(whole);
        while (!isWhole(request.toByteArray())) {
          int more = in.read(buffer);
          if (more < 0) {
            return;
          }
          request.write(buffer, 0, more);
        }
        out.write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    } catch (IOException closed) {
      // The channel closed its connection: the test is over.
    }
  }

  private static boolean isWhole(byte[] request) {
    String text = new String(request, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    long length = Arrays.stream(text.substring(0, end).split("\r\n")).filter(line -> line.toLowerCase().startsWith("content-length:"))
        .mapToLong(line -> Long.parseLong(line.substring("content-length:".length()).trim())).findFirst().orElse(0);
    return request.length >= end + 4 + length;
  }
}
