package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.ComponentMetadata;
import io.lettuce.core.RedisConnectionException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** How Redis failures are told: the network's own words, never the name of a system call or a class. */
class RedisFailuresTest {

  @Test
  void aConnectionResetMidCommandIsToldAsTheSystemSaysIt() throws Exception {
    RedisFailures failures = failures();
    IOException reset = new IOException("recvAddress(..) failed with error(-104): Connection reset by peer");

    assertThat(failures.message("set", new ExecutionException(reset)))
        .isEqualTo("redis store s: set failed: the connection to redis at 127.0.0.1:6390 broke "
            + "(connection reset by peer)");
  }

  @Test
  void aRefusedConnectionLosesTheSystemCallsName() throws Exception {
    RedisConnectionException refused = new RedisConnectionException("Unable to connect to 127.0.0.1:6390",
        new IOException("connect(..) failed: Connection refused: /127.0.0.1:6390"));

    assertThat(failures().message("get", refused)).isEqualTo("redis store s: get failed: redis at 127.0.0.1:6390 is "
        + "not reachable (Unable to connect to 127.0.0.1:6390: connection refused: /127.0.0.1:6390)");
  }

  @Test
  void plainLeavesOtherTextAlone() {
    assertThat(RedisFailures.plain("Connection reset by peer")).isEqualTo("Connection reset by peer");
    assertThat(RedisFailures.plain("ERR unknown command 'x(..) failed: y'"))
        .isEqualTo("ERR unknown command 'x(..) failed: y'");
  }

  private static RedisFailures failures() throws Exception {
    RedisSettings settings = RedisSettings.from(new ComponentMetadata("s", RedisStateStore.TYPE, "v1", "app",
        Map.of("redisHost", "127.0.0.1:6390")));
    return new RedisFailures("redis store s", settings);
  }
}
