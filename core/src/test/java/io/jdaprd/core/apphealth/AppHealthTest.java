package io.jdaprd.core.apphealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AppHealthTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final ProbeResult FAIL = ProbeResult.unhealthy("GET /healthz: 503");

  @Test
  void startsUnhealthyAndOneSuccessMakesItHealthy() throws Exception {
    Recorder changes = new Recorder();
    try (AppHealth health = new AppHealth(config(3), timeout -> ProbeResult.HEALTHY)) {
      health.addListener(changes);
      assertThat(health.isHealthy()).isFalse();
      assertThat(health.record(FAIL)).as("a failure while unhealthy changes nothing").isFalse();
      assertThat(health.record(ProbeResult.HEALTHY)).isTrue();
      assertThat(health.isHealthy()).isTrue();
      assertThat(changes.next()).isEqualTo("healthy");
      assertThat(health.record(ProbeResult.HEALTHY)).isFalse();
    }
    assertThat(changes.events).containsExactly("healthy");
  }

  @Test
  void theThresholdOfConsecutiveFailuresMakesItUnhealthyOnce() throws Exception {
    Recorder changes = new Recorder();
    try (AppHealth health = new AppHealth(config(3), timeout -> ProbeResult.HEALTHY)) {
      health.addListener(changes);
      health.record(ProbeResult.HEALTHY);
      assertThat(health.record(FAIL)).isFalse();
      assertThat(health.record(FAIL)).isFalse();
      assertThat(health.isHealthy()).as("two failures of three").isTrue();
      assertThat(health.record(FAIL)).isTrue();
      assertThat(health.isHealthy()).isFalse();
      assertThat(health.record(FAIL)).as("told once").isFalse();
      assertThat(health.record(FAIL)).isFalse();
      assertThat(health.record(ProbeResult.HEALTHY)).isTrue();
      assertThat(health.isHealthy()).isTrue();
    }
    assertThat(changes.events).containsExactly("healthy", "unhealthy: GET /healthz: 503", "healthy");
  }

  @Test
  void aSuccessBetweenFailuresStartsTheCountAgain() {
    try (AppHealth health = new AppHealth(config(2), timeout -> ProbeResult.HEALTHY)) {
      health.record(ProbeResult.HEALTHY);
      health.record(FAIL);
      health.record(ProbeResult.HEALTHY);
      assertThat(health.record(FAIL)).isFalse();
      assertThat(health.isHealthy()).isTrue();
      assertThat(health.record(FAIL)).isTrue();
      assertThat(health.isHealthy()).isFalse();
    }
  }

  @Test
  void aThresholdOfOneTurnsUnhealthyOnTheFirstFailure() {
    try (AppHealth health = new AppHealth(config(1), timeout -> ProbeResult.HEALTHY)) {
      health.record(ProbeResult.HEALTHY);
      assertThat(health.record(FAIL)).isTrue();
      assertThat(health.isHealthy()).isFalse();
    }
  }

  @Test
  void theProbeLoopFollowsAScriptedApp() throws Exception {
    Deque<ProbeResult> script = new ArrayDeque<>(List.of(FAIL, ProbeResult.HEALTHY, ProbeResult.HEALTHY, FAIL,
        FAIL, ProbeResult.HEALTHY));
    List<Duration> timeouts = new ArrayList<>();
    Recorder changes = new Recorder();
    AppHealthConfig config = new AppHealthConfig("/healthz", Duration.ofMillis(20), Duration.ofMillis(7), 2);
    try (AppHealth health = new AppHealth(config, timeout -> {
      synchronized (script) {
        timeouts.add(timeout);
        return script.size() > 1 ? script.removeFirst() : script.getFirst();
      }
    })) {
      health.addListener(changes);
      health.start();
      assertThat(health.awaitFirstProbe(WAIT)).isTrue();
      assertThat(changes.next()).isEqualTo("healthy");
      assertThat(changes.next()).isEqualTo("unhealthy: GET /healthz: 503");
      assertThat(changes.next()).isEqualTo("healthy");
      assertThat(health.isHealthy()).isTrue();
    }
    synchronized (script) {
      assertThat(timeouts).hasSizeGreaterThanOrEqualTo(6).allMatch(Duration.ofMillis(7)::equals);
    }
  }

  @Test
  void aProbeThatThrowsIsAFailure() throws Exception {
    AtomicInteger probes = new AtomicInteger();
    Recorder changes = new Recorder();
    AppHealthConfig config = new AppHealthConfig("/healthz", Duration.ofMillis(10), Duration.ofMillis(5), 1);
    try (AppHealth health = new AppHealth(config, timeout -> {
      if (probes.incrementAndGet() == 1) {
        return ProbeResult.HEALTHY;
      }
      throw new IllegalStateException("boom");
    })) {
      health.addListener(changes);
      health.start();
      assertThat(changes.next()).isEqualTo("healthy");
      assertThat(changes.next()).isEqualTo("unhealthy: probe error: java.lang.IllegalStateException: boom");
    }
  }

  @Test
  void closeStopsTheProbes() throws Exception {
    AtomicInteger probes = new AtomicInteger();
    AppHealthConfig config = new AppHealthConfig("/healthz", Duration.ofMillis(10), Duration.ofMillis(5), 3);
    AppHealth health = new AppHealth(config, timeout -> {
      probes.incrementAndGet();
      return ProbeResult.HEALTHY;
    });
    health.start();
    assertThat(health.awaitFirstProbe(WAIT)).isTrue();
    health.close();
    int afterClose = probes.get();
    Thread.sleep(100);
    assertThat(probes.get()).isEqualTo(afterClose);
    assertThatThrownBy(health::start).isInstanceOf(IllegalStateException.class).hasMessage("app health is closed");
  }

  @Test
  void aSlowListenerDoesNotHoldUpTheProbes() throws Exception {
    AtomicInteger probes = new AtomicInteger();
    AppHealthConfig config = new AppHealthConfig("/healthz", Duration.ofMillis(10), Duration.ofMillis(5), 3);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (AppHealth health = new AppHealth(config, timeout -> {
      probes.incrementAndGet();
      return ProbeResult.HEALTHY;
    })) {
      health.addListener((healthy, reason) -> {
        try {
          release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      health.start();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (probes.get() < 5 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(probes.get()).isGreaterThanOrEqualTo(5);
      release.countDown();
    }
  }

  @Test
  void theConfigKeepsDaprdsRules() {
    assertThat(AppHealthConfig.defaults()).isEqualTo(new AppHealthConfig("/healthz", Duration.ofSeconds(5),
        Duration.ofMillis(500), 3));
    assertThat(new AppHealthConfig("ready", Duration.ofSeconds(1), Duration.ofSeconds(1), 1).path())
        .isEqualTo("/ready");
    assertThat(new AppHealthConfig("/ready", Duration.ofSeconds(1), Duration.ofSeconds(1), 1).path())
        .isEqualTo("/ready");
    assertThat(new AppHealthConfig(null, Duration.ofSeconds(1), Duration.ofSeconds(1), 1).path())
        .isEqualTo("/healthz");
    assertThatThrownBy(() -> new AppHealthConfig("/h", Duration.ofSeconds(1), Duration.ofMillis(1001), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not above the interval");
    assertThatThrownBy(() -> new AppHealthConfig("/h", Duration.ZERO, Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AppHealthConfig("/h", Duration.ofSeconds(1), Duration.ofMillis(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
  }

  private static AppHealthConfig config(int threshold) {
    return new AppHealthConfig("/healthz", Duration.ofSeconds(5), Duration.ofMillis(500), threshold);
  }

  /** Records each change as {@code healthy} or {@code unhealthy: <reason>}. */
  private static final class Recorder implements AppHealth.Listener {
    final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

    @Override
    public void changed(boolean healthy, String reason) {
      String event = healthy ? "healthy" : "unhealthy: " + reason;
      events.add(event);
      queue.add(event);
    }

    String next() throws InterruptedException {
      String event = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(event).as("a change within %s", WAIT).isNotNull();
      return event;
    }
  }
}
