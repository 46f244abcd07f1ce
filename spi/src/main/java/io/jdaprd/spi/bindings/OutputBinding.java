package io.jdaprd.spi.bindings;

import io.jdaprd.spi.Component;
import java.util.List;

/**
 * An output binding. The contract every implementation keeps (and {@code spi-testkit}'s
 * {@code OutputBindingConformance} checks): {@link #operations()} lists what {@link #invoke} accepts, in the order
 * daprd's metadata API shows them; an operation outside that list is refused by the runtime before the component is
 * called; a failing operation throws {@link BindingException} whose message is safe to show the client.
 */
public interface OutputBinding extends Component {

  /** The operations this binding supports, for example {@code create}, {@code get}; fixed after {@link #init}. */
  List<String> operations();

  /**
   * Performs one operation.
   *
   * @return the answer; {@link BindingResponse#EMPTY} when the operation answers nothing
   * @throws BindingException when the operation fails; {@link BindingException#metadata()} travels to the client
   *     where daprd sends it (for example the target's status code of an HTTP binding)
   */
  BindingResponse invoke(BindingRequest request) throws BindingException;
}
