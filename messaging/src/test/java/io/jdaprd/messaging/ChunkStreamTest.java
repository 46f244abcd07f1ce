package io.jdaprd.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ChunkStream}: its read-ahead of gRPC messages, the bytes in order, the end and a failure. */
class ChunkStreamTest {
  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicInteger cancelled = new AtomicInteger();
  private final ChunkStream stream = new ChunkStream(asked::addAndGet, cancelled::incrementAndGet);

  @Test
  void keepsFourMessagesAskedForAheadOfTheReader() throws Exception {
    stream.prefetch();
    assertThat(asked).hasValue(ChunkStream.AHEAD);
    for (int i = 0; i < ChunkStream.AHEAD; i++) {
      stream.offer(ByteString.copyFrom(new byte[] {(byte) i, (byte) i}));
    }
    assertThat(asked).as("nothing more until the reader takes one").hasValue(ChunkStream.AHEAD);
    assertThat(stream.read()).isZero();
    assertThat(asked).as("one more per message taken").hasValue(ChunkStream.AHEAD + 1);
    assertThat(stream.read()).as("the rest of the same message").isZero();
    assertThat(asked).hasValue(ChunkStream.AHEAD + 1);
    stream.skip();
    assertThat(asked).as("an empty message is replaced").hasValue(ChunkStream.AHEAD + 2);
  }

  @Test
  void readsTheChunksInOrderThenEnds() throws Exception {
    stream.offer(ByteString.copyFromUtf8("hello "));
    stream.offer(ByteString.copyFromUtf8("world"));
    stream.finish();
    assertThat(new String(stream.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello world");
    assertThat(stream.read()).isEqualTo(-1);
    stream.close();
    assertThat(cancelled).as("a stream read to its end is not cancelled").hasValue(0);
  }

  @Test
  void aFailureReachesTheReaderAndAnEarlyCloseCancels() throws Exception {
    stream.offer(ByteString.copyFromUtf8("a"));
    stream.fail("error receiving message: boom");
    assertThat(stream.read()).isEqualTo('a');
    assertThatThrownBy(stream::read).isInstanceOf(IOException.class).hasMessage("error receiving message: boom");

    ChunkStream other = new ChunkStream(asked::addAndGet, cancelled::incrementAndGet);
    other.close();
    assertThat(cancelled).hasValue(1);
  }
}
