package io.jdaprd.spi.nameresolution;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.util.List;

/**
 * A name resolver: registers this sidecar under its app id (where the resolver has a registry) and answers the
 * addresses of the sidecars of an app id. Thread-safe; calls block (virtual threads).
 */
public interface NameResolver extends AutoCloseable {

  /**
   * Registers {@code instance} and prepares lookups. Called once, before {@link #resolve}.
   *
   * @param instance this sidecar, as daprd passes it to {@code Init}
   * @param configuration the Configuration's {@code spec.nameResolution.configuration}, flattened to strings (its
   *     name is the resolver's type, e.g. {@code mdns})
   * @throws ComponentException when the configuration is wrong or the registry cannot be reached
   */
  void init(Instance instance, ComponentMetadata configuration) throws ComponentException;

  /**
   * The internal gRPC addresses ({@code host:port}) of the sidecars of {@code request.id()}, in the resolver's order
   * (callers round-robin across them). When none is known now, either empty (a caller of a resolver that is not
   * {@link #multi()} then asks again, up to 5 times 100 ms apart, as daprd does) or a {@link ComponentException}
   * carrying the message daprd's resolver gives, such as sqlite's {@code no host found with the given ID} or mdns's
   * {@code couldn't find service: <id>} (not asked again: daprd treats a resolver's error as final).
   *
   * @throws ComponentException when the registry cannot be asked, or, as above, when no sidecar has the id
   */
  List<String> resolve(ResolveRequest request) throws ComponentException;

  /** Whether {@link #resolve} lists every replica (daprd's {@code ResolverMulti}): callers then cache for 20 s. */
  default boolean multi() {
    return false;
  }

  /** Removes this sidecar's registration and releases connections; the instance is not used afterwards. */
  @Override
  default void close() {
  }
}
