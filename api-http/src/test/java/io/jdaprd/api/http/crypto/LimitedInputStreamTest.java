package io.jdaprd.api.http.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LimitedInputStreamTest {
  private static InputStream limited(int size, long limit) {
    return new LimitedInputStream(new ByteArrayInputStream(new byte[size]), limit);
  }

  @Test
  void aBodyWithinTheLimitReadsWhole() throws IOException {
    assertThat(limited(10, 10).readAllBytes()).hasSize(10);
    assertThat(limited(3, 10).readAllBytes()).hasSize(3);
    assertThat(limited(100, 0).readAllBytes()).as("no limit").hasSize(100);
  }

  @Test
  void aLargerBodyFailsAsDaprKitsLimitReadCloser() throws IOException {
    InputStream in = limited(11, 10);
    byte[] buf = new byte[64];
    assertThat(in.read(buf)).as("the bytes within the limit first").isEqualTo(10);
    assertThatThrownBy(() -> in.read(buf)).hasMessage("stream too large");
    assertThatThrownBy(limited(1000, 10)::readAllBytes).hasMessage("stream too large");
  }
}
