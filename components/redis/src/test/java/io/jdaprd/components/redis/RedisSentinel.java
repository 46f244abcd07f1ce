package io.jdaprd.components.redis;

import io.jdaprd.spi.testkit.backend.Binaries;
import io.jdaprd.spi.testkit.backend.PrivateServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private Redis sentinel ({@code redis-server --sentinel}) watching one master under {@link #MASTER_NAME}, quick to
 * act: it considers the master down after {@code down-after-milliseconds} and fails over to a replica within
 * {@code failover-timeout}. Its configuration is written afresh before every launch, so a restart forgets what it
 * learned.
 */
final class RedisSentinel extends PrivateServer {
  /** The name the sentinel knows the master by, as {@code sentinelMasterName} takes it. */
  static final String MASTER_NAME = "jdaprd-master";

  private final Path binary;
  private final int masterPort;
  private final Duration downAfter;
  private final Duration failoverTimeout;

  private RedisSentinel(Path binary, int masterPort, Duration downAfter, Duration failoverTimeout, Path dir) {
    super("redis-sentinel", dir, 1, Duration.ofSeconds(10));
    this.binary = binary;
    this.masterPort = masterPort;
    this.downAfter = downAfter;
    this.failoverTimeout = failoverTimeout;
  }

  /**
   * Starts a sentinel on a free port that watches the master on 127.0.0.1:{@code masterPort} alone (quorum 1).
   *
   * @param downAfter how long the master may not answer before the sentinel considers it down
   * @param failoverTimeout the sentinel's {@code failover-timeout}
   */
  static RedisSentinel start(int masterPort, Duration downAfter, Duration failoverTimeout)
      throws IOException, InterruptedException {
    Path binary = Binaries.require("redis-server", "the Redis sentinel tests");
    RedisSentinel sentinel = new RedisSentinel(binary, masterPort, downAfter, failoverTimeout,
        Files.createTempDirectory("jdaprd-redis-sentinel-"));
    sentinel.startOnFreePorts();
    return sentinel;
  }

  /** {@code 127.0.0.1:port}, as {@code redisHost} takes a sentinel's address when {@code failover} is on. */
  String address() {
    return "127.0.0.1:" + port();
  }

  @Override
  protected void beforeLaunch() throws IOException {
    Files.writeString(config(), String.join("\n",
        "port " + port(),
        "bind 127.0.0.1",
        "dir " + directory(),
        "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 1",
        "sentinel down-after-milliseconds " + MASTER_NAME + " " + downAfter.toMillis(),
        "sentinel failover-timeout " + MASTER_NAME + " " + failoverTimeout.toMillis(),
        "sentinel parallel-syncs " + MASTER_NAME + " 1",
        ""), StandardCharsets.UTF_8);
  }

  @Override
  protected List<String> command() {
    return List.of(binary.toString(), config().toString(), "--sentinel");
  }

  /** Whether the sentinel answers a PING. */
  @Override
  protected boolean ready() {
    return exchange(port(), "PING\r\n", 5).equals("+PONG");
  }

  private Path config() {
    return directory().resolve("sentinel.conf");
  }
}
