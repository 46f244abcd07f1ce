package io.jdaprd.components.nameresolution;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.nameresolution.Instance;
import io.jdaprd.spi.nameresolution.NameResolver;
import io.jdaprd.spi.nameresolution.ResolveRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code inprocess} name resolver, a jdaprd addition: the sidecars running in one JVM (the embedded sidecars of a
 * test) find each other in a registry held by this class, with no file, database or network. Sidecars in other
 * processes are never found. The embedded sidecar's default Configuration selects it.
 *
 * <p>An instance is registered under its namespace and app id by {@link #init} and removed by {@link #close}.
 * {@link #resolve} answers every registered address of the id, oldest registration first, or fails with the sqlite
 * resolver's {@value #NO_HOST} when there is none, so that a caller sees the same error as with the resolver this one
 * replaces in tests. It takes no configuration.
 */
public final class InProcessNameResolver implements NameResolver {
  /** The resolver's name in a Configuration's {@code spec.nameResolution.component}. */
  public static final String TYPE = "inprocess";
  /** The error of a lookup of an id that no sidecar of this JVM has. */
  public static final String NO_HOST = "no host found with the given ID";

  private static final Map<String, List<String>> REGISTRY = new ConcurrentHashMap<>();

  private String key;
  private String address;

  @Override
  public void init(Instance instance, ComponentMetadata configuration) throws ComponentException {
    if (instance.appId() == null || instance.appId().isEmpty()) {
      throw new ComponentException("name is missing");
    }
    if (instance.daprInternalPort() <= 0) {
      throw new ComponentException("port is missing or invalid");
    }
    if (key != null) {
      throw new IllegalStateException("init was already called");
    }
    key = key(instance.namespace(), instance.appId());
    address = instance.advertisedAddress();
    REGISTRY.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(address);
  }

  @Override
  public List<String> resolve(ResolveRequest request) throws ComponentException {
    List<String> addresses = REGISTRY.get(key(request.namespace(), request.id()));
    if (addresses == null || addresses.isEmpty()) {
      throw new ComponentException(NO_HOST);
    }
    return List.copyOf(addresses);
  }

  @Override
  public void close() {
    if (key == null) {
      return;
    }
    REGISTRY.computeIfPresent(key, (k, addresses) -> {
      addresses.remove(address);
      return addresses.isEmpty() ? null : addresses;
    });
    key = null;
  }

  private static String key(String namespace, String appId) {
    return (namespace == null ? "" : namespace) + "\u0000" + appId;
  }
}
