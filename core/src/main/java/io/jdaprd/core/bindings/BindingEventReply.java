package io.jdaprd.core.bindings;

import java.util.List;

/**
 * The app's answer to an input binding event.
 *
 * @param body the answer's bytes (HTTP body, gRPC {@code data}), handed back to the component
 * @param to the output bindings the answer's data goes to (gRPC apps only: daprd does not read an HTTP app's body)
 * @param toData the data those bindings get: the answer's {@code data} as JSON re-encoded by Go, {@code null} as
 *     {@code null}
 * @param parallel whether the outputs are called at once ({@code PARALLEL}) rather than one after the other
 */
public record BindingEventReply(byte[] body, List<String> to, byte[] toData, boolean parallel) {
  public BindingEventReply {
    body = body == null ? new byte[0] : body;
    to = to == null ? List.of() : List.copyOf(to);
  }

  /** An answer with {@code body} and nothing to forward. */
  public static BindingEventReply of(byte[] body) {
    return new BindingEventReply(body, List.of(), null, false);
  }
}
