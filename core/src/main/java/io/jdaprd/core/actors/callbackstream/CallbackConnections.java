package io.jdaprd.core.actors.callbackstream;

import io.jdaprd.core.actors.ActorApp.ActorCallException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open callback streams of this sidecar, as daprd's callback stream manager keeps them: each connection gets
 * the next connection id (1, 2, ...); a callback goes to the connection registered last, with the next request id of
 * that connection (1, 2, ... as text), and {@link #send} blocks until the app answers that id. A connection that
 * closes fails its callbacks in flight with {@value #DISCONNECTED}; with no connection, a callback fails at once
 * with {@value #NO_CONNECTION}. An older connection still answers the callbacks it was sent. Thread-safe.
 */
public final class CallbackConnections {
  /** daprd's error of a callback with no stream open. */
  public static final String NO_CONNECTION = "actor host is not connected";
  /** daprd's error of a callback whose stream closed before the app answered. */
  public static final String DISCONNECTED = "actor host disconnected before responding";

  private static final Logger LOG = LoggerFactory.getLogger(CallbackConnections.class);

  private final AtomicLong connectionIds = new AtomicLong();
  private final List<Connection> connections = new CopyOnWriteArrayList<>();

  /**
   * Opens a connection whose callbacks are written with {@code sender} (called from the callers' threads: it must
   * be thread-safe); it takes new callbacks until another connection registers or it closes.
   */
  public Connection register(Consumer<ActorCallback> sender) {
    Connection c = new Connection(connectionIds.incrementAndGet(), sender);
    connections.add(c);
    return c;
  }

  /** Whether a stream is open. */
  public boolean connected() {
    return !connections.isEmpty();
  }

  /**
   * Sends the callback {@code build} makes for the next request id to the latest connection and waits for the
   * app's answer.
   *
   * @throws ActorCallException {@value #NO_CONNECTION} without a connection, {@value #DISCONNECTED} when the
   *     connection closes first
   * @throws InterruptedException when the caller is interrupted while waiting (the callback is forgotten)
   */
  public ActorAnswer send(Function<String, ActorCallback> build) throws ActorCallException, InterruptedException {
    List<Connection> open = List.copyOf(connections);
    if (open.isEmpty()) {
      throw new ActorCallException(NO_CONNECTION);
    }
    return open.get(open.size() - 1).send(build);
  }

  /** One open stream. */
  public final class Connection {
    private final long id;
    private final Consumer<ActorCallback> sender;
    private final AtomicLong requestIds = new AtomicLong();
    private final Map<String, CompletableFuture<ActorAnswer>> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private Connection(long id, Consumer<ActorCallback> sender) {
      this.id = id;
      this.sender = sender;
    }

    /** This connection's id. */
    public long id() {
      return id;
    }

    /** How many callbacks wait for an answer. */
    public int pending() {
      return pending.size();
    }

    ActorAnswer send(Function<String, ActorCallback> build) throws ActorCallException, InterruptedException {
      String requestId = Long.toString(requestIds.incrementAndGet());
      CompletableFuture<ActorAnswer> answer = new CompletableFuture<>();
      pending.put(requestId, answer);
      try {
        if (closed) {
          throw new ActorCallException(DISCONNECTED);
        }
        try {
          sender.accept(build.apply(requestId));
        } catch (RuntimeException e) {
          throw new ActorCallException(DISCONNECTED);
        }
        try {
          return answer.get();
        } catch (ExecutionException e) {
          throw new ActorCallException(e.getCause().getMessage());
        }
      } finally {
        pending.remove(requestId);
      }
    }

    /**
     * Hands the app's answer to the callback waiting for its id; an answer nobody waits for is dropped, as daprd
     * drops it.
     */
    public void deliver(ActorAnswer answer) {
      CompletableFuture<ActorAnswer> waiting = pending.remove(answer.id());
      if (waiting == null) {
        LOG.warn("Dropping actor callback response with unknown id={}", answer.id());
        return;
      }
      waiting.complete(answer);
    }

    /**
     * Closes the connection: it takes no more callbacks and those in flight fail with {@value #DISCONNECTED}.
     * Idempotent.
     */
    public void close() {
      closed = true;
      connections.remove(this);
      ActorCallException cause = new ActorCallException(DISCONNECTED);
      pending.values().forEach(f -> f.completeExceptionally(cause));
    }
  }
}
