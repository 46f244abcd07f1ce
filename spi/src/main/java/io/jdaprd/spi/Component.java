package io.jdaprd.spi;

/**
 * A configured component instance. Implementations are thread-safe: the runtime calls them from many requests at
 * once, on virtual threads, and blocking I/O is expected.
 */
public interface Component extends AutoCloseable {

  /**
   * Connects to the backend and prepares it (tables, connections). Called once, before any other method.
   *
   * @throws ComponentException when the metadata is wrong or the backend cannot be prepared; the message names the
   *     field and value and never contains a credential
   */
  void init(ComponentMetadata metadata) throws ComponentException;

  /**
   * Tells whether the backend answers now; used by health checks. The default trusts the component.
   *
   * @throws ComponentException when the backend does not answer
   */
  default void check() throws ComponentException {
  }

  /** Releases connections and files. Called once; the instance is not used afterwards. */
  @Override
  default void close() {
  }
}
