package io.jdaprd.core.invoke;

/** Calls a method of this sidecar's own app (the app channel's side of service invocation). */
public interface AppInvoker {

  /**
   * Invokes {@code request.method()} on the app: HTTP {@code VERB /<method>?<query>} for HTTP apps, the
   * {@code AppCallback.OnInvoke} RPC for gRPC apps. Any status the app answers is a response, not a failure; the
   * response body streams and the caller closes it. Honours {@code --app-max-concurrency}.
   *
   * @throws AppCallFailure when the app cannot be reached or its answer cannot be read
   */
  InvokeResponse invoke(InvokeRequest request) throws AppCallFailure;

  /** The app could not be called; the message is the failure as daprd's Go client prints it. */
  final class AppCallFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public AppCallFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
