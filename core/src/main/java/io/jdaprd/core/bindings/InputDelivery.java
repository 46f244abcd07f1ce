package io.jdaprd.core.bindings;

import io.jdaprd.spi.bindings.BindingEvent;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingReader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One input binding read into the app, as daprd's {@code input.Input}: each event goes to the app; the app's
 * answer body goes back to the component, a failure becomes the component's error (so a redelivering backend keeps
 * the event). Once closed, an event still arriving is refused with {@code input binding is closed}.
 */
final class InputDelivery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InputDelivery.class);

  private final String name;
  private final Bindings.Input input;
  private final BindingApp app;
  private final Consumer<BindingEventReply> forward;
  private final AtomicBoolean closed = new AtomicBoolean();
  private BindingReader reader;

  private InputDelivery(String name, Bindings.Input input, BindingApp app, Consumer<BindingEventReply> forward) {
    this.name = name;
    this.input = input;
    this.app = app;
    this.forward = forward;
  }

  /** Starts reading binding {@code name} into {@code app}. */
  static InputDelivery start(String name, Bindings.Input input, BindingApp app, Consumer<BindingEventReply> forward)
      throws BindingException {
    InputDelivery delivery = new InputDelivery(name, input, app, forward);
    delivery.reader = input.binding().read(delivery::handle);
    return delivery;
  }

  private byte[] handle(BindingEvent event) throws BindingDeliveryException {
    if (closed.get()) {
      throw new BindingDeliveryException("input binding is closed");
    }
    BindingEventReply reply;
    try {
      reply = app.deliverBindingEvent(new BindingEventDelivery(name, input.route(), event.data(), event.metadata()));
    } catch (BindingDeliveryException e) {
      LOG.debug("error from app consumer for binding [{}]: {}", name, e.getMessage());
      throw e;
    }
    forward.accept(reply);
    return reply.body();
  }

  /** The input binding read. */
  Bindings.Input input() {
    return input;
  }

  @Override
  public void close() {
    closed.set(true);
    reader.close();
  }
}
