package io.jdaprd.messaging;

import com.linecorp.armeria.client.ClientFactory;
import java.util.function.Supplier;

/**
 * An Armeria {@link ClientFactory} built on first use. Building one costs the JVM's first TLS set-up (Armeria makes
 * its bootstrap SSL contexts eagerly, even for plaintext clients): a sidecar that never calls another sidecar, such
 * as most embedded sidecars of a test, should not pay it at start. Thread-safe; once {@link #close closed}, it closes
 * the factory if one was built and refuses to build another.
 */
final class LazyClientFactory implements AutoCloseable {
  private final Supplier<ClientFactory> builder;
  private ClientFactory factory;
  private boolean closed;

  /** @param builder makes the factory, called at most once */
  LazyClientFactory(Supplier<ClientFactory> builder) {
    this.builder = builder;
  }

  /**
   * The factory, built now if this is the first call.
   *
   * @throws IllegalStateException after {@link #close}
   */
  synchronized ClientFactory get() {
    if (closed) {
      throw new IllegalStateException("the client factory is closed");
    }
    if (factory == null) {
      factory = builder.get();
    }
    return factory;
  }

  /** Closes the factory if one was built; later {@link #get} calls fail. */
  @Override
  public synchronized void close() {
    closed = true;
    if (factory != null) {
      factory.close();
    }
  }
}
