package io.jdaprd.spi.bindings;

/** Receives the events of an input binding (see {@link InputBinding} for what returning and throwing mean). */
@FunctionalInterface
public interface InputHandler {

  /**
   * Handles one event; blocks until the app has answered.
   *
   * @return the app's answer body (an input binding may use it, most ignore it); never {@code null}
   * @throws Exception when the app did not take the event
   */
  byte[] handle(BindingEvent event) throws Exception;
}
