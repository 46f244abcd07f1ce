package io.jdaprd.core.invoke;

import io.jdaprd.errors.factories.CauseCode;

/**
 * Calls services outside Dapr over HTTP, as daprd's HTTP endpoint channels: a target that is a URL
 * ({@code http://...}, {@code https://...}) or the name of a loaded {@code HTTPEndpoint} resource.
 */
public interface ExternalInvoker {

  /** No external channels: no endpoint is known, and a URL target fails as daprd's does without the channel. */
  ExternalInvoker NONE = new ExternalInvoker() {
    @Override
    public boolean hasEndpoint(String name) {
      return false;
    }

    @Override
    public InvokeResponse invoke(String target, InvokeRequest request) throws RemoteCallException {
      throw notInitialized(target);
    }
  };

  /** Whether {@code name} is the name of a loaded {@code HTTPEndpoint} (whether or not its channel could open). */
  boolean hasEndpoint(String name);

  /**
   * Sends {@code request} to {@code target}: {@code VERB <base>/<method>?<query>}, where the base is the URL itself
   * or the endpoint's {@code spec.baseUrl}, with the caller's headers (daprd's filter) and the endpoint's headers
   * set over them. Any status the service answers is a response; the response body streams and the caller closes
   * it.
   *
   * @param target a URL, or the name of a loaded endpoint
   * @throws RemoteCallException when the request cannot be sent or no answer comes, with the Go client's text
   */
  InvokeResponse invoke(String target, InvokeRequest request) throws RemoteCallException;

  /** daprd's failure when the channel of external calls could not be opened. */
  static RemoteCallException notInitialized(String target) {
    return new RemoteCallException(CauseCode.UNKNOWN, "cannot invoke http endpoint " + target
        + ": app channel not initialized");
  }
}
