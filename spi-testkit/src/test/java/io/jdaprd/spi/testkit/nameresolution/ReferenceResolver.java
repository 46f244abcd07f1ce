package io.jdaprd.spi.testkit.nameresolution;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.nameresolution.Instance;
import io.jdaprd.spi.nameresolution.NameResolver;
import io.jdaprd.spi.nameresolution.ResolveRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A name resolver over one in-process registry, with at most one deliberate {@link Defect}: the suite run against it
 * shows which check notices which broken promise.
 */
final class ReferenceResolver implements NameResolver {
  /** The promise this resolver breaks. */
  enum Defect {
    NONE,
    /** Keeps one registration per app id: the second replica replaces the first. */
    ONE_PER_ID,
    /** Answers every registration, whatever the id. */
    IGNORES_ID,
    /** Leaves its registration behind when closed. */
    CLOSE_KEEPS_REGISTRATION,
    /** Answers the host without the port. */
    ADDRESS_WITHOUT_PORT,
    /** Accepts an instance without app id. */
    ACCEPTS_NAMELESS
  }

  private static final Map<String, Instance> REGISTRY = new ConcurrentHashMap<>();

  private final Defect defect;
  private Instance self;

  ReferenceResolver(Defect defect) {
    this.defect = defect;
  }

  @Override
  public void init(Instance instance, ComponentMetadata configuration) throws ComponentException {
    if (instance.appId().isEmpty() && defect != Defect.ACCEPTS_NAMELESS) {
      throw new ComponentException("name is missing");
    }
    self = instance;
    if (defect == Defect.ONE_PER_ID) {
      REGISTRY.values().removeIf(other -> other.appId().equals(instance.appId()));
    }
    REGISTRY.put(instance.advertisedAddress(), instance);
  }

  @Override
  public List<String> resolve(ResolveRequest request) throws ComponentException {
    List<String> addresses = new ArrayList<>();
    for (Instance instance : REGISTRY.values()) {
      if (defect == Defect.IGNORES_ID || instance.appId().equals(request.id())) {
        addresses.add(defect == Defect.ADDRESS_WITHOUT_PORT ? instance.address() : instance.advertisedAddress());
      }
    }
    if (addresses.isEmpty()) {
      throw new ComponentException("no host found with the given ID");
    }
    return addresses;
  }

  @Override
  public void close() {
    if (self != null && defect != Defect.CLOSE_KEEPS_REGISTRATION) {
      REGISTRY.remove(self.advertisedAddress(), self);
    }
  }
}
