package io.jdaprd.core.actors.callbackstream;

import io.jdaprd.core.actors.ActorApp;
import io.jdaprd.core.actors.ActorsBlock;
import io.jdaprd.core.actors.ActorsConfig;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@code SubscribeActorEventsAlpha1}, as daprd 1.18 serves it: only an app that is not an HTTP app (a gRPC app, or
 * none configured) may open a stream; its initial request registers its actor types with the {@link ActorsBlock}
 * (in place of those of an earlier stream), and the end of the stream fails the callbacks in flight with
 * {@value CallbackConnections#DISCONNECTED} and unregisters the types (their actors are halted).
 */
public final class ActorCallbackStreams {
  private final boolean accepted;
  private final ActorsBlock actors;
  private final UnaryOperator<ActorApp> policies;
  private final CallbackConnections connections = new CallbackConnections();

  /**
   * The streams of this sidecar.
   *
   * @param accepted whether streams may be opened (not with an HTTP app channel)
   * @param policies wraps the stream's {@link ActorApp} in the actor types' resiliency policies
   */
  public ActorCallbackStreams(boolean accepted, ActorsBlock actors, UnaryOperator<ActorApp> policies) {
    this.accepted = accepted;
    this.actors = actors;
    this.policies = policies;
  }

  /** Whether streams may be opened (daprd refuses them when the app channel is HTTP). */
  public boolean accepted() {
    return accepted;
  }

  /** The open connections (what the callbacks go through). */
  public CallbackConnections connections() {
    return connections;
  }

  /**
   * Registers the types of {@code config} and opens a connection whose callbacks go out through {@code sender}
   * (thread-safe).
   *
   * @throws IllegalStateException when streams are not accepted, or when the actor runtime refuses the types (the
   *     message says why)
   */
  public Session open(ActorsConfig config, Consumer<ActorCallback> sender) {
    if (!accepted) {
      throw new IllegalStateException("actor callback streaming requires a gRPC app channel");
    }
    actors.register(policies.apply(new StreamActorApp(connections, config)), config);
    return new Session(connections.register(sender), config);
  }

  /** One open stream. */
  public final class Session implements AutoCloseable {
    private final CallbackConnections.Connection connection;
    private final ActorsConfig config;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Session(CallbackConnections.Connection connection, ActorsConfig config) {
      this.connection = connection;
      this.config = config;
    }

    /** The stream's connection. */
    public CallbackConnections.Connection connection() {
      return connection;
    }

    /** Hands an answer of the app to the callback waiting for it. */
    public void deliver(ActorAnswer answer) {
      connection.deliver(answer);
    }

    /**
     * Ends the stream: its callbacks in flight fail, then its types are unregistered. Closing first means the
     * halted actors' deactivations go to another open stream, or fail at once, never to this ended one.
     * Idempotent.
     */
    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      connection.close();
      actors.unregister(config.entities());
    }
  }
}
