package io.jdaprd.components.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} for one test class: on a free port of 127.0.0.1, in its own temporary directory,
 * without persistence ({@link #start}) or keeping every acknowledged write across restarts ({@link #startDurable}).
 * Never the shared instance on 6379. When {@code /usr/bin/redis-server} is missing, the tests fail on CI
 * ({@code CI=true}) and are skipped, loudly, elsewhere.
 */
public final class RedisServer implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/redis-server");
  private static final long START_TIMEOUT_MILLIS = 10_000;

  private static final List<String> NO_PERSISTENCE = List.of("--save", "", "--appendonly", "no");
  private static final List<String> EVERY_WRITE_PERSISTED = List.of("--save", "", "--appendonly", "yes",
      "--appendfsync", "always");

  private final List<String> persistenceArgs;
  private final List<String> extraArgs;
  private final Path dir;
  private final int port;
  private Process process;

  private RedisServer(List<String> persistenceArgs, List<String> extraArgs, Path dir, int port) {
    this.persistenceArgs = persistenceArgs;
    this.extraArgs = List.copyOf(extraArgs);
    this.dir = dir;
    this.port = port;
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
    requireBinary();
    Path dir = Files.createTempDirectory("jdaprd-redis-");
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      RedisServer server = new RedisServer(persistenceArgs, List.of(extraArgs), dir, freePort());
      try {
        server.launch();
        return server;
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}, as {@code redisHost} takes it. */
  String address() {
    return "127.0.0.1:" + port;
  }

  /** Stops the server (SIGTERM, then SIGKILL); its data is gone unless it was started durable. */
  public void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    process = null;
  }

  /** Stops the server if it runs and starts it again, on the same port and with the same arguments. */
  public void restart() throws IOException, InterruptedException {
    stop();
    launch();
  }

  @Override
  public void close() throws IOException {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private void launch() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--port", String.valueOf(port), "--bind",
        "127.0.0.1", "--dir", dir.toString()));
    command.addAll(persistenceArgs);
    command.addAll(extraArgs);
    Path log = dir.resolve("redis-" + port + ".log");
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        process = null;
        throw new IOException("redis-server on port " + port + " exited at start: " + Files.readString(log));
      }
      if (answersPing()) {
        return;
      }
      Thread.sleep(20);
    }
    stop();
    throw new IOException("redis-server on port " + port + " did not answer PING within " + START_TIMEOUT_MILLIS
        + " ms: " + Files.readString(log));
  }

  /** Whether the server answers a PING (with PONG, or with NOAUTH when it wants a password). */
  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64];
      int n = in.read(buffer);
      String reply = n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
      return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void requireBinary() {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    String message = BINARY + " is missing: the Redis component tests need a local redis-server "
        + "(Debian: apt-get install redis-server)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(message + "; CI=true, so this is a failure, not a skip");
    }
    System.err.println("!!!!!!!!!! SKIPPING the Redis component tests: " + message + " !!!!!!!!!!");
    assumeTrue(false, "SKIPPED: " + message);
  }
}
