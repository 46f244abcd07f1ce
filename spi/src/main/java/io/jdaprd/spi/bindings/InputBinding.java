package io.jdaprd.spi.bindings;

import io.jdaprd.spi.Component;

/**
 * An input binding: reads events from an external system and hands each to the runtime. The contract every
 * implementation keeps (and {@code spi-testkit}'s {@code InputBindingConformance} checks):
 *
 * <ul>
 *   <li>{@link #read} starts reading and returns at once; events go to the handler until the returned
 *       {@link BindingReader} is closed.</li>
 *   <li>When the handler returns normally the event is done (acknowledged, committed, deleted). When it throws, a
 *       backend that redelivers (a queue, a log) keeps the event and delivers it again; one that cannot (a timer, a
 *       plain subscription) logs and goes on.</li>
 *   <li>The handler is called on the component's threads, one event at a time per reader unless the component
 *       documents otherwise; it blocks until the app has answered.</li>
 *   <li>The component reconnects by itself when its backend goes away.</li>
 * </ul>
 */
public interface InputBinding extends Component {

  /**
   * Starts reading.
   *
   * @throws BindingException when reading cannot start (for example the backend refuses the subscription)
   */
  BindingReader read(InputHandler handler) throws BindingException;
}
