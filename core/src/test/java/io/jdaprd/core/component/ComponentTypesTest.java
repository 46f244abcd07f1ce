package io.jdaprd.core.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.Component;
import io.jdaprd.spi.ComponentMetadata;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComponentTypesTest {
  private static final ComponentType POSTGRES =
      new ComponentType("state.postgresql", Set.of("v1", "v2"), Nothing::new).withAliases("state.postgres");
  private static final ComponentType SQLITE =
      new ComponentType("state.sqlite", Set.of("v1"), Nothing::new).withAliases("state.sqlite3");

  private final ComponentTypes types = new ComponentTypes().register(POSTGRES).register(SQLITE);

  @Test
  void findsByCanonicalNameAliasAndAnyCase() {
    assertThat(types.find("state.postgresql")).contains(POSTGRES);
    assertThat(types.find("state.postgres")).contains(POSTGRES);
    assertThat(types.find("state.PostgreSQL")).contains(POSTGRES);
    assertThat(types.find("state.sqlite3")).contains(SQLITE);
    assertThat(types.find("state.sqlite4")).isEmpty();
  }

  @Test
  void listsCanonicalTypesOnly() {
    assertThat(types.all()).extracting(ComponentType::type).containsExactly("state.postgresql", "state.sqlite");
  }

  @Test
  void singleVersionTypesAlsoAnswerToV0() {
    assertThat(SQLITE.accepts("v1")).isTrue();
    assertThat(SQLITE.accepts("V1")).isTrue();
    assertThat(SQLITE.accepts("v0")).isTrue();
    assertThat(SQLITE.accepts("v2")).isFalse();
    assertThat(POSTGRES.accepts("v2")).isTrue();
    assertThat(POSTGRES.accepts("v0")).isFalse();
  }

  @Test
  void aNameTakenTwiceIsRefused() {
    assertThatThrownBy(() -> new ComponentTypes().register(SQLITE)
        .register(new ComponentType("state.other", Set.of("v1"), Nothing::new).withAliases("state.SQLITE3")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state.SQLITE3");
  }

  private static final class Nothing implements Component {
    @Override
    public void init(ComponentMetadata metadata) {
    }

    @Override
    public void close() {
    }
  }
}
