package io.jdaprd.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.core.component.ComponentDefinition;
import io.jdaprd.core.component.ComponentType;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.core.component.Components;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The capabilities the metadata API reports for state stores, as daprd computes them. */
class MetadataBlockTest {

  /** A store that only reports the features it is given: the metadata rule looks at nothing else. */
  private static final class FeaturesOnly implements StateStore {
    private final Set<StateFeature> features;

    FeaturesOnly(Set<StateFeature> features) {
      this.features = features;
    }

    @Override
    public void init(io.jdaprd.spi.ComponentMetadata metadata) {
    }

    @Override
    public Set<StateFeature> features() {
      return features;
    }

    @Override
    public Optional<StoredValue> get(GetRequest request) {
      return Optional.empty();
    }

    @Override
    public void set(SetRequest request) {
    }

    @Override
    public void delete(DeleteRequest request) {
    }
  }

  @Test
  @DisplayName("ACTOR follows ETAG and TRANSACTIONAL, whatever actorStateStore says; features in daprd's order")
  void actorFollowsEtagAndTransactions() {
    Map<String, Set<StateFeature>> stores = new LinkedHashMap<>();
    stores.put("plain", EnumSet.of(StateFeature.TRANSACTIONAL, StateFeature.TTL, StateFeature.ETAG));
    stores.put("query", EnumSet.of(StateFeature.QUERY_API, StateFeature.TTL, StateFeature.ETAG,
        StateFeature.TRANSACTIONAL));
    stores.put("no-tx", EnumSet.of(StateFeature.ETAG, StateFeature.TTL));
    stores.put("no-etag", EnumSet.of(StateFeature.TRANSACTIONAL));
    ComponentTypes types = new ComponentTypes();
    stores.forEach((name, features) -> types.register(new ComponentType("state." + name, Set.of("v1"),
        () -> new FeaturesOnly(features))));
    List<ComponentDefinition> definitions = stores.keySet().stream().map(name -> new ComponentDefinition(name,
        "state." + name, "v1", Map.of("actorStateStore", "false"), List.of(), false, null)).toList();

    try (Components components = Components.start(definitions, List.of(), types, "app", d -> null)) {
      MetadataView view = new MetadataBlock("app", "1.0", components,
          new MetadataView.AppConnection(0, "http", "127.0.0.1", 0), List::of).get();

      assertThat(view.components().stream().collect(Collectors.toMap(MetadataView.ComponentView::name,
          MetadataView.ComponentView::capabilities))).isEqualTo(Map.of(
              "plain", List.of("ETAG", "TRANSACTIONAL", "TTL", "ACTOR"),
              "query", List.of("ETAG", "TRANSACTIONAL", "TTL", "QUERY_API", "ACTOR"),
              "no-tx", List.of("ETAG", "TTL"),
              "no-etag", List.of("TRANSACTIONAL")));
    }
  }
}
