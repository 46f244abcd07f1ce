package io.jdaprd.spi.testkit.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * A TCP proxy on a port of 127.0.0.1 in front of one backend port, which misbehaves on demand the way networks and
 * servers do, so that a test can see what a client of the backend (a sidecar) makes of it:
 *
 * <ul>
 *   <li>{@link #latency(Duration)}: every chunk of bytes is held that long before it is passed on, in each
 *       direction (a request and its answer are late by twice as much);</li>
 *   <li>{@link #reset()}: every open connection is aborted with a TCP reset (RST) on both sides, as a crashed peer
 *       or a firewall's state loss does; the next connections work;</li>
 *   <li>{@link #refuse()}: every new connection is accepted and reset at once, until {@link #heal()};</li>
 *   <li>{@link #blackhole()}: connections stay open (new ones are accepted too) but no byte goes through in either
 *       direction, as in a network partition or a frozen server: the client's writes succeed and it never hears
 *       back; {@link #heal()} delivers the held bytes, as TCP retransmissions would after a short partition
 *       (connections a side closed meanwhile are closed on the other side then);</li>
 *   <li>{@link #strand()}: the connections open now go silent for good, neither passing a byte nor closing, as when
 *       a peer vanished without a reset; new connections work;</li>
 *   <li>{@link #heal()}: back to passing every byte at once.</li>
 * </ul>
 *
 * <p>{@link #openConnections()} counts the connections through the proxy, a client's view of how many it holds to
 * the backend, so that a test can tell that a client does not leak connections across faults. Each connection runs
 * on two daemon threads of the proxy's own. {@link #close()} resets every connection and stops listening.
 */
public final class FaultProxy implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final String name;
  private final IntSupplier upstreamPort;
  private final ServerSocket listener;
  private final Thread acceptor;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition flowing = lock.newCondition();
  private volatile Mode mode = Mode.PASS;
  private volatile long latencyNanos;
  private volatile boolean closed;

  private enum Mode { PASS, BLACKHOLE, REFUSE }

  private FaultProxy(String name, ServerSocket listener, IntSupplier upstreamPort) {
    this.name = name;
    this.listener = listener;
    this.upstreamPort = upstreamPort;
    this.acceptor = new Thread(this::acceptLoop, "fault-proxy " + name + " accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * A proxy on a free port of 127.0.0.1 in front of {@code 127.0.0.1:upstreamPort}.
   *
   * @param name the proxy's name in thread names and messages, e.g. {@code redis}
   */
  public static FaultProxy start(String name, int upstreamPort) throws IOException {
    return start(name, () -> upstreamPort);
  }

  /**
   * A proxy on a free port of 127.0.0.1 in front of the port {@code upstreamPort} gives when a connection comes:
   * for a backend that must know the proxy's port before it starts and chooses its own (a Kafka broker advertises
   * the proxy's port to its clients).
   */
  public static FaultProxy start(String name, IntSupplier upstreamPort) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    return new FaultProxy(name, listener, upstreamPort);
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** {@code 127.0.0.1:<port>}. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /** Holds every chunk {@code oneWay} before passing it on, in both directions; {@link Duration#ZERO} for none. */
  public FaultProxy latency(Duration oneWay) {
    latencyNanos = oneWay.toNanos();
    return this;
  }

  /** Aborts every open connection with a TCP reset on both sides; connections made afterwards work as before. */
  public FaultProxy reset() {
    for (Link link : links) {
      link.abort();
    }
    return this;
  }

  /** Resets every open connection and every new one, as soon as it is accepted, until {@link #heal()}. */
  public FaultProxy refuse() {
    mode = Mode.REFUSE;
    return reset();
  }

  /** Stops every byte in both directions, on open and new connections alike, until {@link #heal()}. */
  public FaultProxy blackhole() {
    mode = Mode.BLACKHOLE;
    return this;
  }

  /**
   * Leaves every open connection hanging: no byte passes on it any more in either direction and the proxy does not
   * close it (until {@link #close()}), whatever comes next; connections made afterwards follow the proxy's mode.
   */
  public FaultProxy strand() {
    for (Link link : links) {
      link.stranded = true;
    }
    return this;
  }

  /** Passes every byte again, at once: no latency, nothing refused, the bytes a black hole held delivered. */
  public FaultProxy heal() {
    latencyNanos = 0;
    lock.lock();
    try {
      mode = Mode.PASS;
      flowing.signalAll();
    } finally {
      lock.unlock();
    }
    return this;
  }

  /** How many connections through the proxy are open now. */
  public int openConnections() {
    return links.size();
  }

  /** How many connections the proxy has accepted since it started. */
  public long acceptedConnections() {
    return accepted.get();
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    heal();
    reset();
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FaultProxy[" + name + " " + address() + " -> 127.0.0.1:" + upstreamPort.getAsInt() + ", " + mode + ", "
        + links.size() + " open]";
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      accepted.incrementAndGet();
      if (mode == Mode.REFUSE) {
        abort(client);
        continue;
      }
      Socket upstream = new Socket();
      try {
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort.getAsInt()),
            CONNECT_TIMEOUT_MILLIS);
      } catch (IOException | RuntimeException e) {
        abort(client);
        abort(upstream);
        continue;
      }
      Link link = new Link(client, upstream);
      links.add(link);
      link.start(accepted.get());
    }
  }

  /** Waits while the proxy holds every byte; false when the proxy closed or {@code link} was aborted meanwhile. */
  private boolean awaitFlowing(Link link) throws InterruptedException {
    if (mode != Mode.BLACKHOLE && !link.stranded) {
      return !link.aborted;
    }
    lock.lock();
    try {
      while ((mode == Mode.BLACKHOLE || link.stranded) && !closed && !link.aborted) {
        flowing.await();
      }
    } finally {
      lock.unlock();
    }
    return !closed && !link.aborted;
  }

  private void wakeUp() {
    lock.lock();
    try {
      flowing.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static void abort(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      // not connected: closing is all there is to do
    }
    try {
      socket.close();
    } catch (IOException e) {
      // closed either way
    }
  }

  /** One client connection and its connection to the backend, pumped by two threads. */
  private final class Link {
    private final Socket client;
    private final Socket upstream;
    private volatile boolean aborted;
    private volatile boolean stranded;
    private int pumpsRunning = 2;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void start(long number) {
      String prefix = "fault-proxy " + name + " #" + number;
      Thread up = new Thread(() -> pump(client, upstream), prefix + " up");
      Thread down = new Thread(() -> pump(upstream, client), prefix + " down");
      up.setDaemon(true);
      down.setDaemon(true);
      up.start();
      down.start();
    }

    /**
     * Copies {@code from} to {@code to} until {@code from} ends (then half-closes {@code to}, as the peer did) or
     * fails (then resets both sides, as the proxy cannot tell a peer's reset from its own).
     */
    private void pump(Socket from, Socket to) {
      byte[] buffer = new byte[CHUNK];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        while (true) {
          int n = in.read(buffer);
          if (n < 0) {
            if (!awaitFlowing(this)) {
              throw new SocketException("aborted");
            }
            to.shutdownOutput();
            break;
          }
          if (!awaitFlowing(this)) {
            throw new SocketException("aborted");
          }
          long delay = latencyNanos;
          if (delay > 0) {
            TimeUnit.NANOSECONDS.sleep(delay);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
        finished(false);
      } catch (IOException | UncheckedIOException e) {
        finished(true);
      } catch (InterruptedException e) {
        finished(true);
        Thread.currentThread().interrupt();
      }
    }

    private void finished(boolean failed) {
      boolean last;
      synchronized (this) {
        last = --pumpsRunning == 0;
      }
      if (failed || aborted) {
        abort();
      } else if (last) {
        close(client);
        close(upstream);
        links.remove(this);
      }
    }

    void abort() {
      aborted = true;
      FaultProxy.abort(client);
      FaultProxy.abort(upstream);
      links.remove(this);
      wakeUp();
    }

    private static void close(Socket socket) {
      try {
        socket.close();
      } catch (IOException e) {
        // closed either way
      }
    }
  }
}
