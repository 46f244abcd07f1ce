package io.jdaprd.core.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.errors.DaprException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TurnLockTest {

  @Test
  void callsWithoutAReentrancyIdTakeTurnsInArrivalOrder() throws Exception {
    TurnLock lock = new TurnLock(true, 32);
    List<String> order = new CopyOnWriteArrayList<>();
    TurnLock.Turn first = lock.acquire(null);
    Thread second = waiter(lock, null, "second", order);
    awaitWaiting(second);
    Thread third = waiter(lock, null, "third", order);
    awaitWaiting(third);
    assertThat(order).as("both wait while the first call holds the actor").isEmpty();
    first.close();
    second.join(5_000);
    third.join(5_000);
    assertThat(order).containsExactly("second", "third");
    assertThat(lock.busy()).as("an actor with no call left is idle").isFalse();
  }

  @Test
  void aCallOfTheRunningChainReentersAndItsDepthIsBounded() throws Exception {
    TurnLock lock = new TurnLock(true, 2);
    try (TurnLock.Turn outer = lock.acquire("chain-1")) {
      try (TurnLock.Turn inner = lock.acquire("chain-1")) {
        assertThat(lock.busy()).isTrue();
        assertThatThrownBy(() -> lock.acquire("chain-1")).isInstanceOf(DaprException.class)
            .hasMessageContaining("maximum stack depth exceeded");
      }
    }
    assertThat(lock.busy()).isFalse();
  }

  @Test
  void withoutReentrancyTheSameIdWaitsItsTurn() throws Exception {
    TurnLock lock = new TurnLock(false, 32);
    List<String> order = new CopyOnWriteArrayList<>();
    TurnLock.Turn first = lock.acquire("chain-1");
    Thread again = waiter(lock, "chain-1", "again", order);
    awaitWaiting(again);
    assertThat(order).isEmpty();
    first.close();
    again.join(5_000);
    assertThat(order).containsExactly("again");
  }

  @Test
  void closingWakesTheWaitingCallsWhichFail() throws Exception {
    TurnLock lock = new TurnLock(true, 32);
    TurnLock.Turn running = lock.acquire(null);
    CountDownLatch failed = new CountDownLatch(1);
    Thread waiting = Thread.ofVirtual().start(() -> {
      try {
        lock.acquire(null).close();
      } catch (TurnLock.ClosedException e) {
        failed.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    awaitWaiting(waiting);
    lock.close();
    assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
    running.close();
    assertThat(lock.busy()).isFalse();
    assertThatThrownBy(() -> lock.acquire(null)).isInstanceOf(TurnLock.ClosedException.class);
  }

  private static Thread waiter(TurnLock lock, String reentrancyId, String name, List<String> order) {
    return Thread.ofVirtual().start(() -> {
      try (TurnLock.Turn turn = lock.acquire(reentrancyId)) {
        order.add(name);
      } catch (InterruptedException | TurnLock.ClosedException e) {
        order.add(name + " failed: " + e);
      }
    });
  }

  private static void awaitWaiting(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
  }
}
