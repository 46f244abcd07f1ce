package io.jdaprd.core.invoke;

/** Finds the internal gRPC address of a sidecar of an app id (name resolution, with its cache and retries). */
@FunctionalInterface
public interface TargetResolver {

  /** A resolver that knows no app: every lookup fails as daprd's does without one. */
  TargetResolver NONE = (appId, namespace) -> {
    throw new UnresolvableException("name resolver not initialized");
  };

  /**
   * One address ({@code host:port}) of a sidecar of {@code appId} in {@code namespace}.
   *
   * @throws UnresolvableException when none is found; its message is daprd's
   */
  String resolve(String appId, String namespace) throws UnresolvableException;

  /** No address for an app id; the message is the resolver's, as daprd prints it. */
  final class UnresolvableException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnresolvableException(String message) {
      super(message);
    }
  }
}
