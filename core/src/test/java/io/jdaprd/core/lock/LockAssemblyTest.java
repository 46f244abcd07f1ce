package io.jdaprd.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.core.component.ComponentDefinition;
import io.jdaprd.core.component.ComponentType;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.core.component.LoadProblem;
import io.jdaprd.core.runtime.Resources;
import io.jdaprd.core.runtime.Runtime;
import io.jdaprd.core.runtime.RuntimeOptions;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.lock.LockStore;
import io.jdaprd.spi.lock.UnlockStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The runtime's assembly of lock stores: each with its {@code keyPrefix}, and a prefix with {@code ||} refused. */
class LockAssemblyTest {
  private static final List<String> KEYS = new CopyOnWriteArrayList<>();

  /** Records the keys it is asked for. */
  public static final class Recording implements LockStore {
    @Override
    public void init(ComponentMetadata metadata) {
    }

    @Override
    public boolean tryLock(String resourceId, String owner, int expiryInSeconds) {
      KEYS.add(resourceId);
      return true;
    }

    @Override
    public UnlockStatus unlock(String resourceId, String owner) {
      KEYS.add(resourceId);
      return UnlockStatus.SUCCESS;
    }
  }

  private static ComponentDefinition lock(String name, Map<String, String> metadata) {
    return new ComponentDefinition(name, "lock.recording", "v1", metadata, List.of(), false,
        Path.of(name + ".yaml"));
  }

  @Test
  @DisplayName("each lock store gets its keyPrefix strategy; one with || is not loaded, with daprd's words")
  void keyPrefixes() {
    try (Runtime runtime = Runtime.assemble(RuntimeOptions.of("myapp", "test"),
        new ComponentTypes().register(new ComponentType("lock.recording", Set.of("v1"), Recording::new)),
        Resources.of(List.of(lock("plain", Map.of()), lock("named", Map.of("keyPrefix", "name")),
            lock("bad", Map.of("keyPrefix", "a||b")))), null, () -> { })) {
      LockBlock block = runtime.blocks().get(LockBlock.class);
      assertThat(block.storeNames()).containsExactly("plain", "named");
      block.tryLock("plain", "r", "o", 5);
      block.unlock("named", "r", "o");
      assertThat(KEYS).containsExactly("lock||myapp||r", "lock||named||r");
      assertThat(runtime.components().problems()).extracting(LoadProblem::message)
          .anySatisfy(m -> assertThat(m).contains("failed to save lock keyprefix: input key/keyPrefix 'a||b' "
              + "can't contain '||'"));
    }
  }
}
