package io.jdaprd.spi.testkit.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A backend server of a test's own: on free ports of 127.0.0.1, with its files in a temporary directory, never a
 * shared instance. A harness only says how to run its server ({@link #command()}, {@link #environment}, {@link
 * #beforeLaunch()}) and how to tell that it is ready ({@link #ready()}); this class does the rest:
 *
 * <ul>
 *   <li>{@link #startOnFreePorts()} chooses free ports, launches, and waits until {@link #ready()}; when the server
 *       exits at start or is not ready in time (another process took a port between the choice and the bind), it
 *       tries again on new ports, up to {@value #START_ATTEMPTS} times;</li>
 *   <li>{@link #stop()}, {@link #startAgain()} and {@link #restart()} keep the ports and the directory, so a durable
 *       server keeps its data;</li>
 *   <li>{@link #close()} stops the server and deletes the directory; a JVM shutdown hook does the same for a server
 *       a test forgot to close.</li>
 * </ul>
 *
 * <p>The server's output is appended to {@link #log()}, quoted in every start failure. Find the binary with {@link
 * Binaries#require}, which skips or fails the test when it is missing ({@link Ci}).
 */
public abstract class PrivateServer implements AutoCloseable {
  /** How often {@link #startOnFreePorts()} tries, each time on new ports. */
  public static final int START_ATTEMPTS = 5;
  private static final long PROBE_INTERVAL_MILLIS = 25;
  private static final int LOG_TAIL_CHARS = 4000;

  private final String name;
  private final Path dir;
  private final Duration startTimeout;
  private final Thread cleanup;
  private int[] ports;
  private Process process;
  private boolean running;
  private boolean closed;

  /**
   * @param name the server's name in messages and its log's file name, e.g. {@code redis-server}
   * @param dir the server's own directory, deleted by {@link #close()}
   * @param portCount how many free ports the server gets ({@link #port(int)})
   * @param startTimeout how long a start may take until {@link #ready()}
   */
  protected PrivateServer(String name, Path dir, int portCount, Duration startTimeout) {
    this.name = name;
    this.dir = dir;
    this.startTimeout = startTimeout;
    this.ports = new int[portCount];
    this.cleanup = new Thread(this::closeQuietly, name + " test server cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /** The command line that runs the server on {@link #port(int)}, in {@link #directory()}. */
  protected abstract List<String> command();

  /** Whether the server answers as a ready one does; called every few milliseconds while it starts. */
  protected abstract boolean ready();

  /** Adds to or changes the environment of {@link #command()}; the default leaves it as it is. */
  protected void environment(Map<String, String> env) {
  }

  /** Runs before every launch on the current ports, e.g. to write a configuration naming them; the default does not. */
  protected void beforeLaunch() throws IOException {
  }

  /**
   * Launches the server on the current ports: the default starts {@link #command()} in {@link #directory()} with its
   * output appended to {@link #log()}, and returns it. A harness whose command starts a daemon and returns (e.g.
   * {@code pg_ctl start}) overrides this, throws an {@link IOException} when the command fails, and returns
   * {@code null}; it then overrides {@link #halt} as well.
   */
  protected Process launch() throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command()).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    environment(builder.environment());
    return builder.start();
  }

  /**
   * Stops the server that {@link #launch()} returned ({@code null} for a daemon): the default sends SIGTERM, waits
   * {@link #stopTimeout()}, then kills it and every process it started.
   *
   * @param forGood whether the data does not matter any more ({@link #close()}), so the quickest way will do
   */
  protected void halt(Process launched, boolean forGood) throws IOException, InterruptedException {
    launched.destroy();
    if (!launched.waitFor(stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
      launched.descendants().forEach(ProcessHandle::destroyForcibly);
      launched.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** How long {@link #halt} lets a server shut down gracefully before killing it; 10 s unless overridden. */
  protected Duration stopTimeout() {
    return Duration.ofSeconds(10);
  }

  /**
   * Chooses free ports and starts the server on them; on a failed start, tries new ports, at most
   * {@value #START_ATTEMPTS} times. When every attempt fails, the server is closed (its directory deleted) and the
   * last failure thrown.
   */
  protected final void startOnFreePorts() throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      for (int i = 0; i < ports.length; i++) {
        ports[i] = freePort(Arrays.copyOf(ports, i));
      }
      try {
        startAgain();
        return;
      } catch (IOException e) {
        last = e;
      } catch (InterruptedException | RuntimeException e) {
        close();
        throw e;
      }
    }
    close();
    throw new IOException(name + " did not start in " + START_ATTEMPTS + " attempts", last);
  }

  /** The first port the server listens on. */
  public final int port() {
    return port(0);
  }

  /** The {@code index}-th of the server's ports, from 0. */
  protected final int port(int index) {
    return ports[index];
  }

  /** The server's own directory. */
  public final Path directory() {
    return dir;
  }

  /** The file the server's output is appended to, across restarts. */
  public Path log() {
    return dir.resolve(name + ".log");
  }

  /** Whether the server was started and not stopped since. */
  public final synchronized boolean isRunning() {
    return running;
  }

  /**
   * Starts the stopped server again on the same ports with the same directory, and returns once it is
   * {@link #ready()}; does nothing when it runs.
   *
   * @throws IOException when it exits at start or is not ready within the start timeout (it is then stopped)
   */
  public final synchronized void startAgain() throws IOException, InterruptedException {
    if (running) {
      return;
    }
    if (closed) {
      throw new IllegalStateException(name + " on port " + port() + " is closed");
    }
    beforeLaunch();
    process = launch();
    running = true;
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (!ready()) {
      if (process != null && !process.isAlive()) {
        int code = process.exitValue();
        process = null;
        running = false;
        throw new IOException(name + " on port " + port() + " exited at start (code " + code + "): " + logTail());
      }
      if (System.nanoTime() > deadline) {
        stop();
        throw new IOException(name + " on port " + port() + " was not ready within " + startTimeout.toMillis()
            + " ms: " + logTail());
      }
      Thread.sleep(PROBE_INTERVAL_MILLIS);
    }
  }

  /** Stops the server; the directory and the ports stay for {@link #startAgain()}. Does nothing when it is stopped. */
  public final synchronized void stop() throws InterruptedException {
    if (!running) {
      return;
    }
    try {
      halt(process, false);
    } catch (IOException e) {
      throw new UncheckedIOException(name + " on port " + port() + " did not stop", e);
    } finally {
      process = null;
      running = false;
    }
  }

  /** Stops the server and starts it again on the same ports with the same directory, arguments and data. */
  public final void restart() throws IOException, InterruptedException {
    stop();
    startAgain();
  }

  /** Stops the server the quickest way and deletes its directory; a closed server cannot start again. */
  @Override
  public void close() {
    closeQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // The JVM is shutting down and runs the hook itself.
    }
  }

  private synchronized void closeQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    if (running) {
      try {
        halt(process, true);
      } catch (IOException | RuntimeException e) {
        System.err.println("could not stop " + name + " on port " + port() + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
      running = false;
    }
    deleteTree(dir);
  }

  /** The end of {@link #log()}, for failure messages. */
  protected String logTail() {
    try {
      String log = Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
      return log.length() <= LOG_TAIL_CHARS ? log : "..." + log.substring(log.length() - LOG_TAIL_CHARS);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * Sends {@code request} to 127.0.0.1:{@code port} and returns the first {@code replyBytes} bytes of the answer
   * (fewer when the server closes first), or none when it cannot connect or answers nothing within a second: the
   * building block of most {@link #ready()} probes.
   */
  protected static byte[] exchange(int port, byte[] request, int replyBytes) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      socket.setSoTimeout(1000);
      if (request.length > 0) {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
      }
      InputStream in = socket.getInputStream();
      return in.readNBytes(replyBytes);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** {@link #exchange} with ASCII text both ways. */
  protected static String exchange(int port, String request, int replyChars) {
    return new String(exchange(port, request.getBytes(StandardCharsets.US_ASCII), replyChars),
        StandardCharsets.US_ASCII);
  }

  /** A free port of the loopback interface, not one of {@code taken}. */
  public static int freePort(int... taken) throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = socket.getLocalPort();
        if (Arrays.stream(taken).noneMatch(p -> p == port)) {
          return port;
        }
      }
    }
  }

  /** Deletes {@code root} and everything under it, telling stderr what it could not delete. */
  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }
}
