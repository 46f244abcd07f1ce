package io.jdaprd.components.nats;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
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
 * A private {@code nats-server} with JetStream for one test class: on a free port of 127.0.0.1, storing its streams in
 * its own temporary directory. Never the shared instance on 4222. {@link #restart()} keeps the port and the store, so
 * streams, consumers and messages survive it. When {@code /usr/sbin/nats-server} is missing, the tests fail on CI
 * ({@code CI=true}) and are skipped, loudly, elsewhere.
 */
public final class NatsServer implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/sbin/nats-server");
  private static final long START_TIMEOUT_MILLIS = 15_000;

  private final List<String> extraArgs;
  private final Path dir;
  private final int port;
  private Process process;

  private NatsServer(List<String> extraArgs, Path dir, int port) {
    this.extraArgs = List.copyOf(extraArgs);
    this.dir = dir;
    this.port = port;
  }

  /** Starts a server on a free port, with {@code extraArgs} such as {@code --auth secret}. */
  public static NatsServer start(String... extraArgs) throws IOException, InterruptedException {
    requireBinary();
    Path dir = Files.createTempDirectory("jdaprd-nats-");
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      NatsServer server = new NatsServer(List.of(extraArgs), dir, freePort());
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

  /** {@code nats://127.0.0.1:port}, as {@code natsURL} takes it. */
  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  /** The directory under which JetStream keeps its files. */
  public Path storeDir() {
    return dir.resolve("store");
  }

  /** Stops the server (SIGTERM, so that it flushes its store, then SIGKILL); the store stays. */
  public void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    process = null;
  }

  /** Stops the server and starts it again on the same port with the same store, arguments and data. */
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
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-js", "-a", "127.0.0.1", "-p",
        String.valueOf(port), "-sd", storeDir().toString(), "-n", "jdaprd-test-" + port));
    command.addAll(extraArgs);
    Path log = dir.resolve("nats-" + port + ".log");
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        process = null;
        throw new IOException("nats-server on port " + port + " exited at start: " + Files.readString(log));
      }
      if (sendsInfo()) {
        return;
      }
      Thread.sleep(20);
    }
    stop();
    throw new IOException("nats-server on port " + port + " did not greet within " + START_TIMEOUT_MILLIS + " ms: "
        + Files.readString(log));
  }

  /** Whether the server greets a new connection with its {@code INFO} line, as a ready server does. */
  private boolean sendsInfo() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[5];
      int n = in.readNBytes(buffer, 0, buffer.length);
      return n == 5 && new String(buffer, StandardCharsets.US_ASCII).equals("INFO ");
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
    String message = BINARY + " is missing: the pubsub.jetstream tests need a local nats-server "
        + "(Debian: apt-get install nats-server)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(message + "; CI=true, so this is a failure, not a skip");
    }
    System.err.println("!!!!!!!!!! SKIPPING the pubsub.jetstream tests: " + message + " !!!!!!!!!!");
    assumeTrue(false, "SKIPPED: " + message);
  }
}
