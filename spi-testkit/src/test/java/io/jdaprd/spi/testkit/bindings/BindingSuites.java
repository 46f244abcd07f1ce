package io.jdaprd.spi.testkit.bindings;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.bindings.OutputBinding;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The binding conformance suites against the reference bindings with each defect, one nested suite per defect.
 * Surefire does not run nested classes by itself: {@link BindingConformanceBitesTest} runs them through the JUnit
 * Platform and reads their results.
 */
final class BindingSuites {
  private BindingSuites() {
  }

  /** The output suite against a binding with {@code defect}. */
  abstract static class OutputAgainst extends OutputBindingConformance {
    private final ReferenceOutputBinding.Defect defect;

    OutputAgainst(ReferenceOutputBinding.Defect defect) {
      this.defect = defect;
    }

    @Override
    protected OutputBinding createBinding(ComponentMetadata metadata) {
      return new ReferenceOutputBinding(defect);
    }

    @Override
    protected Map<String, String> bindingMetadata() {
      return Map.of();
    }

    @Override
    protected String bindingType() {
      return "bindings.reference";
    }

    @Override
    protected List<String> expectedOperations() {
      return List.of("create", "get");
    }

    @Override
    protected BindingRequest deliveryRequest(String key, byte[] data) {
      return new BindingRequest("create", data, Map.of("key", key));
    }

    @Override
    protected byte[] awaitDelivered(String key, Duration timeout) {
      return ReferenceOutputBinding.BACKEND.get(key);
    }

    @Override
    protected Optional<BindingRequest> readRequest(String key) {
      return Optional.of(new BindingRequest("get", null, Map.of("key", key)));
    }

    @Override
    protected BindingRequest failingRequest() {
      return new BindingRequest("get", null, Map.of("key", key("missing")));
    }
  }

  static final class OutputConforming extends OutputAgainst {
    OutputConforming() {
      super(ReferenceOutputBinding.Defect.NONE);
    }
  }

  static final class OutputTruncating extends OutputAgainst {
    OutputTruncating() {
      super(ReferenceOutputBinding.Defect.TRUNCATES);
    }
  }

  static final class OutputSwallowing extends OutputAgainst {
    OutputSwallowing() {
      super(ReferenceOutputBinding.Defect.SWALLOWS_FAILURES);
    }
  }

  static final class OutputReordered extends OutputAgainst {
    OutputReordered() {
      super(ReferenceOutputBinding.Defect.REORDERED_OPERATIONS);
    }
  }

  /** The input suite against a binding with {@code defect}. */
  abstract static class InputAgainst extends InputBindingConformance {
    private final ReferenceInputBinding.Defect defect;

    InputAgainst(ReferenceInputBinding.Defect defect) {
      this.defect = defect;
    }

    @Override
    protected InputBinding createBinding(ComponentMetadata metadata) {
      ReferenceInputBinding.BACKEND.clear();
      return new ReferenceInputBinding(defect);
    }

    @Override
    protected Map<String, String> bindingMetadata() {
      return Map.of();
    }

    @Override
    protected String bindingType() {
      return "bindings.reference";
    }

    @Override
    protected void emit(byte[] data) {
      ReferenceInputBinding.BACKEND.add(data);
    }

    @Override
    protected boolean redelivers() {
      return true;
    }

    @Override
    protected Duration redeliveryTimeout() {
      return Duration.ofSeconds(2);
    }

    @Override
    protected Set<String> expectedMetadataKeys() {
      return Set.of("source");
    }
  }

  static final class InputConforming extends InputAgainst {
    InputConforming() {
      super(ReferenceInputBinding.Defect.NONE);
    }
  }

  static final class InputNotStopping extends InputAgainst {
    InputNotStopping() {
      super(ReferenceInputBinding.Defect.CLOSE_DOES_NOT_STOP);
    }
  }

  static final class InputLosing extends InputAgainst {
    InputLosing() {
      super(ReferenceInputBinding.Defect.LOSES_REFUSED_EVENTS);
    }
  }
}
