package io.jdaprd.spi.testkit.nameresolution;

import io.jdaprd.spi.nameresolution.NameResolver;
import java.time.Duration;
import java.util.Map;

/**
 * {@link NameResolverConformance} against a {@link ReferenceResolver} with each {@link ReferenceResolver.Defect}, one
 * nested suite per defect, run by {@link NameResolverConformanceBitesTest} through the JUnit Platform.
 */
final class ResolverSuites {
  private ResolverSuites() {
  }

  /** The suite against a resolver with {@code defect}. */
  abstract static class Against extends NameResolverConformance {
    private final ReferenceResolver.Defect defect;

    Against(ReferenceResolver.Defect defect) {
      this.defect = defect;
    }

    @Override
    protected NameResolver createResolver() {
      return new ReferenceResolver(defect);
    }

    @Override
    protected Map<String, String> configuration() {
      return Map.of();
    }

    @Override
    protected String resolverType() {
      return "reference";
    }

    @Override
    protected Duration propagation() {
      return Duration.ofMillis(300);
    }
  }

  static final class Conforming extends Against {
    Conforming() {
      super(ReferenceResolver.Defect.NONE);
    }
  }

  static final class OnePerId extends Against {
    OnePerId() {
      super(ReferenceResolver.Defect.ONE_PER_ID);
    }
  }

  static final class IgnoresId extends Against {
    IgnoresId() {
      super(ReferenceResolver.Defect.IGNORES_ID);
    }
  }

  static final class CloseKeepsRegistration extends Against {
    CloseKeepsRegistration() {
      super(ReferenceResolver.Defect.CLOSE_KEEPS_REGISTRATION);
    }
  }

  static final class AddressWithoutPort extends Against {
    AddressWithoutPort() {
      super(ReferenceResolver.Defect.ADDRESS_WITHOUT_PORT);
    }
  }

  static final class AcceptsNameless extends Against {
    AcceptsNameless() {
      super(ReferenceResolver.Defect.ACCEPTS_NAMELESS);
    }
  }
}
