package io.jdaprd.core.bindings;

/**
 * The app as the receiver of input binding events (the app channel implements it). Methods block; call them from
 * a virtual thread.
 */
public interface BindingApp {

  /**
   * Whether the app takes the events of input binding {@code name}, asked as daprd asks: HTTP {@code OPTIONS
   * /<route>}, taken on any 2xx or 405; gRPC {@code ListInputBindings} (asked once, the list kept), taken when it
   * names the binding. A gRPC app that does not implement the method takes none.
   *
   * @param route the binding's {@code route} metadata, or its name
   * @throws BindingDeliveryException when the app cannot be asked (HTTP only, as daprd)
   */
  boolean takesBinding(String name, String route) throws BindingDeliveryException;

  /**
   * Delivers one event and waits for the app's answer: HTTP {@code POST /<route>} with the data as body,
   * {@code content-type: application/json} and the metadata as headers; gRPC {@code OnBindingEvent}.
   *
   * @return the app's answer
   * @throws BindingDeliveryException when the app was not reached, or answered an error (HTTP: a status outside
   *     2xx; gRPC: a non-OK status); the message is daprd's
   */
  BindingEventReply deliverBindingEvent(BindingEventDelivery event) throws BindingDeliveryException;
}
