package io.jdaprd.components.redis;

import io.jdaprd.spi.testkit.backend.Binaries;
import io.jdaprd.spi.testkit.backend.PrivateServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private {@code redis-server} for one test class ({@link PrivateServer}): without persistence ({@link #start}) or
 * keeping every acknowledged write across restarts ({@link #startDurable}). Never the shared instance on 6379.
 */
public final class RedisServer extends PrivateServer {
  private static final List<String> NO_PERSISTENCE = List.of("--save", "", "--appendonly", "no");
  private static final List<String> EVERY_WRITE_PERSISTED = List.of("--save", "", "--appendonly", "yes",
      "--appendfsync", "always");

  private final Path binary;
  private final List<String> persistenceArgs;
  private final List<String> extraArgs;

  private RedisServer(Path binary, List<String> persistenceArgs, List<String> extraArgs, Path dir) {
    super("redis-server", dir, 1, Duration.ofSeconds(10));
    this.binary = binary;
    this.persistenceArgs = persistenceArgs;
    this.extraArgs = List.copyOf(extraArgs);
  }

  /**
   * Starts a server without persistence on a free port, with {@code extraArgs} such as
   * {@code --requirepass secret}; a {@link #restart()} loses its data.
   */
  public static RedisServer start(String... extraArgs) throws IOException, InterruptedException {
    return startWith(NO_PERSISTENCE, extraArgs);
  }

  /**
   * Starts a server on a free port that writes every command to its append-only file before answering
   * ({@code appendfsync always}), so that a {@link #restart()} keeps everything it acknowledged.
   */
  public static RedisServer startDurable(String... extraArgs) throws IOException, InterruptedException {
    return startWith(EVERY_WRITE_PERSISTED, extraArgs);
  }

  private static RedisServer startWith(List<String> persistenceArgs, String... extraArgs)
      throws IOException, InterruptedException {
    Path binary = Binaries.require("redis-server", "the Redis component tests");
    RedisServer server = new RedisServer(binary, persistenceArgs, List.of(extraArgs),
        Files.createTempDirectory("jdaprd-redis-"));
    server.startOnFreePorts();
    return server;
  }

  /** {@code 127.0.0.1:port}, as {@code redisHost} takes it. */
  String address() {
    return "127.0.0.1:" + port();
  }

  @Override
  protected List<String> command() {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port()), "--bind",
        "127.0.0.1", "--dir", directory().toString()));
    command.addAll(persistenceArgs);
    command.addAll(extraArgs);
    return command;
  }

  /** Whether the server answers a PING (with PONG, or with NOAUTH when it wants a password). */
  @Override
  protected boolean ready() {
    String reply = exchange(port(), "PING\r\n", 7);
    return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
  }
}
