package io.jdaprd.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-flight count hot reload waits on before closing a component. */
class InFlightTest {

  @Test
  void closingWaitsForTheCallsInFlightAndRefusesNewOnes() throws Exception {
    InFlight inFlight = new InFlight();
    assertThat(inFlight.enter()).isTrue();
    CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> inFlight.closeWhenIdle(
        Duration.ofSeconds(10)));
    Thread.sleep(100);
    assertThat(closed).as("a call is in flight").isNotDone();
    assertThat(inFlight.enter()).as("no call starts once closing").isFalse();
    inFlight.exit();
    assertThat(closed.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(inFlight.active()).isZero();
  }

  @Test
  void closingGivesUpAfterItsLimit() {
    InFlight inFlight = new InFlight();
    inFlight.enter();
    assertThat(inFlight.closeWhenIdle(Duration.ofMillis(50))).isFalse();
    assertThat(new InFlight().closeWhenIdle(Duration.ZERO)).isTrue();
  }
}
