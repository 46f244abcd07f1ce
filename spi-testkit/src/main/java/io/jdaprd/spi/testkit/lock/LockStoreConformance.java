package io.jdaprd.spi.testkit.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.lock.LockStore;
import io.jdaprd.spi.lock.UnlockStatus;
import io.jdaprd.spi.testkit.timing.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite of the lock SPI: what {@link LockStore} promises, checked against a real backend. A lock
 * store component's test extends this class and says how to make the store and what metadata it needs; the suite
 * initializes two fresh instances for every check (as two sidecars would hold), gives each check its own random
 * resource ids, and closes the instances afterwards.
 *
 * <pre>{@code
 * class MyLockTest extends LockStoreConformance {
 *   protected LockStore createLockStore(ComponentMetadata metadata) { return new MyLock(); }
 *   protected Map<String, String> lockMetadata() { return Map.of("host", "localhost:1234"); }
 *   protected String lockType() { return "lock.mine"; }
 * }
 * }</pre>
 */
public abstract class LockStoreConformance {
  /** The component name the suite gives every instance. */
  public static final String COMPONENT_NAME = "conformance";
  /** How many owners the concurrency check lets race for one lock. */
  public static final int RACING_OWNERS = 50;

  private final List<LockStore> opened = new ArrayList<>();
  private LockStore store;
  private LockStore other;
  private String uniquePart;

  /** A new, uninitialized store; the suite calls {@code init} itself. */
  protected abstract LockStore createLockStore(ComponentMetadata metadata) throws Exception;

  /** The metadata properties the store needs (its backend's address). */
  protected abstract Map<String, String> lockMetadata();

  /** The component type, for example {@code lock.redis}. */
  protected abstract String lockType();

  @BeforeEach
  protected final void openStores() throws Exception {
    uniquePart = UUID.randomUUID().toString().substring(0, 8);
    store = open();
    other = open();
  }

  @AfterEach
  protected final void closeStores() {
    opened.forEach(LockStore::close);
    opened.clear();
  }

  private LockStore open() throws Exception {
    ComponentMetadata metadata = new ComponentMetadata(COMPONENT_NAME, lockType(), "v1", "testapp", lockMetadata());
    LockStore created = createLockStore(metadata);
    opened.add(created);
    created.init(metadata);
    return created;
  }

  /** A resource id only the running check uses, as the runtime passes it (already prefixed). */
  protected final String resource(String name) {
    return "lock||testapp||conformance-" + uniquePart + "-" + name;
  }

  @Test
  @DisplayName("a free lock is taken; while it is held, nobody takes it, not even its owner")
  void heldLockRefusesEveryone() throws Exception {
    String r = resource("held");
    assertThat(store.tryLock(r, "alice", 30)).as("a free lock is taken").isTrue();
    assertThat(other.tryLock(r, "bob", 30)).as("another owner, through another instance, is refused").isFalse();
    assertThat(store.tryLock(r, "bob", 30)).as("another owner, through the same instance, is refused").isFalse();
    assertThat(store.tryLock(r, "alice", 30)).as("the owner itself is refused: a lock is not reentrant").isFalse();
  }

  @Test
  @DisplayName("the owner releases its lock (SUCCESS) and another owner can take it then")
  void ownerReleases() throws Exception {
    String r = resource("release");
    assertThat(store.tryLock(r, "alice", 30)).isTrue();
    assertThat(other.unlock(r, "alice")).as("the owner releases through any instance").isEqualTo(UnlockStatus.SUCCESS);
    assertThat(store.tryLock(r, "bob", 30)).as("a released lock is free").isTrue();
  }

  @Test
  @DisplayName("another owner's release answers LOCK_BELONGS_TO_OTHERS and leaves the lock held")
  void nonOwnerCannotRelease() throws Exception {
    String r = resource("foreign");
    assertThat(store.tryLock(r, "alice", 30)).isTrue();
    assertThat(other.unlock(r, "bob")).isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
    assertThat(other.tryLock(r, "bob", 30)).as("the lock is still held after a foreign release").isFalse();
    assertThat(store.unlock(r, "alice")).isEqualTo(UnlockStatus.SUCCESS);
  }

  @Test
  @DisplayName("releasing a lock nobody holds answers LOCK_DOES_NOT_EXIST, also a second time")
  void releaseWithoutLock() throws Exception {
    String r = resource("absent");
    assertThat(store.unlock(r, "alice")).isEqualTo(UnlockStatus.LOCK_DOES_NOT_EXIST);
    assertThat(store.tryLock(r, "alice", 30)).isTrue();
    assertThat(store.unlock(r, "alice")).isEqualTo(UnlockStatus.SUCCESS);
    assertThat(store.unlock(r, "alice")).as("released twice").isEqualTo(UnlockStatus.LOCK_DOES_NOT_EXIST);
  }

  @Test
  @DisplayName("a lock expires by itself after its seconds, and its former owner's release then finds nothing")
  void lockExpires() throws Exception {
    String r = resource("expiry");
    long start = System.nanoTime();
    assertThat(store.tryLock(r, "alice", 1)).isTrue();
    assertThat(other.tryLock(r, "bob", 1)).as("held right after it was taken").isFalse();
    Poll.await("the 1-second lock to expire", Duration.ofSeconds(5), () -> {
      try {
        return other.tryLock(r, "bob", 30);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not released long before its expiry")
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(store.unlock(r, "alice")).as("the former owner no longer holds it")
        .isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
    assertThat(other.unlock(r, "bob")).isEqualTo(UnlockStatus.SUCCESS);
  }

  @Test
  @DisplayName("locks on different resources are independent")
  void resourcesAreIndependent() throws Exception {
    assertThat(store.tryLock(resource("one"), "alice", 30)).isTrue();
    assertThat(other.tryLock(resource("two"), "bob", 30)).isTrue();
    assertThat(store.unlock(resource("two"), "alice")).isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
    assertThat(store.unlock(resource("one"), "alice")).isEqualTo(UnlockStatus.SUCCESS);
  }

  @Test
  @DisplayName("resource ids and owners are taken byte for byte (unicode, spaces, separators)")
  void idsAreExact() throws Exception {
    String r = resource("ключ 鍵 :{x}/");
    assertThat(store.tryLock(r, "owner ü", 30)).isTrue();
    assertThat(other.tryLock(resource("ключ 鍵 :{x}"), "bob", 30)).as("a different id").isTrue();
    assertThat(other.unlock(r, "owner u")).as("a different owner").isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
    assertThat(other.unlock(r, "owner ü")).isEqualTo(UnlockStatus.SUCCESS);
  }

  @Test
  @DisplayName(RACING_OWNERS + " owners racing on two instances: exactly one takes the lock, the winner releases")
  void exactlyOneOfManyRacingOwnersWins() throws Exception {
    String r = resource("race");
    ConcurrentLinkedQueue<String> winners = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> racers = new ArrayList<>();
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    try {
      for (int i = 0; i < RACING_OWNERS; i++) {
        String owner = "owner-" + i;
        LockStore via = i % 2 == 0 ? store : other;
        racers.add(threads.submit(() -> {
          start.await();
          if (via.tryLock(r, owner, 30)) {
            winners.add(owner);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> racer : racers) {
        racer.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(winners).as("owners that took the lock").hasSize(1);
    String winner = winners.peek();
    for (int i = 0; i < RACING_OWNERS; i++) {
      String owner = "owner-" + i;
      if (!owner.equals(winner)) {
        assertThat(store.unlock(r, owner)).isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
      }
    }
    assertThat(other.unlock(r, winner)).isEqualTo(UnlockStatus.SUCCESS);
  }
}
