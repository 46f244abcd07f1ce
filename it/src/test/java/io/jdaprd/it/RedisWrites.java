package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.components.redis.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Plain-string writes to a private Redis over RESP (the {@code it} module has no Redis client). */
final class RedisWrites {
  private RedisWrites() {
  }

  /** {@code SET key value}, as an operator or a daprd app writes configuration items. */
  static void set(RedisServer redis, String key, String value) {
    try (Socket socket = new Socket("127.0.0.1", redis.port())) {
      StringBuilder cmd = new StringBuilder("*3\r\n$3\r\nSET\r\n");
      for (String part : new String[] {key, value}) {
        cmd.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part)
            .append("\r\n");
      }
      socket.getOutputStream().write(cmd.toString().getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[5];
      int n = in.readNBytes(reply, 0, 5);
      assertThat(new String(reply, 0, n, StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
