package io.jdaprd.spi.bindings;

/** A running input binding reader. */
public interface BindingReader extends AutoCloseable {

  /**
   * Stops reading and waits (a bounded wait the component chooses) for the handler calls in flight; events not yet
   * acknowledged stay with the backend. Idempotent.
   */
  @Override
  void close();
}
