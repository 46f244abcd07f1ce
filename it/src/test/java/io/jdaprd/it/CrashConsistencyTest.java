package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Kills the sidecar ({@code SIGKILL}) in the middle of bursts of transactional state writes (SQLite, Redis,
 * PostgreSQL), bulk publishes (Redis streams, RabbitMQ, NATS JetStream, Kafka, MQTT) and reminder registrations
 * while reminders fire, restarts it on the same data and checks what the clients were told ({@link ChaosRound}):
 * nothing acknowledged is lost, no transaction is visible in part, every acknowledged event is delivered, every
 * acknowledged reminder fires again.
 *
 * <p>All cases share one sidecar, so that one kill hits every backend at once. {@code ./test} runs
 * {@value #DEFAULT_ROUNDS} round; {@code bench/chaos} runs many ({@code -Dchaos.rounds=N}) and prints the counts,
 * also written to {@code it/target/chaos/summary.md}.
 */
class CrashConsistencyTest {
  static final int DEFAULT_ROUNDS = 1;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aKilledSidecarLosesNothingItAcknowledged() throws Exception {
    int rounds = Integer.getInteger("chaos.rounds", DEFAULT_ROUNDS);
    ChaosTally tally = new ChaosTally();
    Path home = Locations.newDirectory("chaos-home-");
    long began = System.nanoTime();
    try (ChaosBackends backends = ChaosBackends.start();
        ChaosApp app = new ChaosApp(ChaosBackends.PUBSUBS)) {
      SidecarProcess.Options options = SidecarProcess.withAppId("it-chaos").resources(backends.resources())
          .home(home).args("--app-port", String.valueOf(app.port()));
      System.out.printf("chaos: backends up in %d ms%n", millisSince(began));
      SidecarProcess sidecar = options.start();
      try {
        for (int r = 1; r <= rounds; r++) {
          ChaosRound round = new ChaosRound(r, sidecar.httpBase(), app);
          round.start();
          assertThat(CountingApp.waitFor(round::everyClientAcknowledged, WAIT))
              .as("every client had an acknowledgement before the kill; log " + sidecar.log()).isTrue();
          CountingApp.pause(ThreadLocalRandom.current().nextLong(100, 1500));
          sidecar.kill();
          long killedAt = System.nanoTime();
          round.stop();
          sidecar = restart(options.skipStartQueue());
          long restarted = System.nanoTime();
          round.verify(sidecar.httpBase(), killedAt, WAIT, tally);
          tally.roundDone();
          System.out.printf("chaos round %d of %d done: restart %d ms, checks %d ms%n", r, rounds,
              (restarted - killedAt) / 1_000_000, millisSince(restarted));
          writeSummary(tally);
        }
      } finally {
        sidecar.stop();
        System.out.println("crash consistency, " + tally.rounds() + " kill(s):\n" + tally.table());
      }
    }
    System.out.printf("chaos: %d round(s) in %d ms%n", rounds, millisSince(began));
    tally.cases().forEach((name, c) -> {
      assertThat(c.acknowledged.get()).as(name + ": acknowledged").isPositive();
      assertThat(c.lost.get()).as(name + ": lost").isZero();
      assertThat(c.partial.get()).as(name + ": partial").isZero();
    });
  }

  /**
   * Starts the sidecar again, up to three times: on a loaded machine a broker may not answer a component's first
   * connection in time, and the sidecar then exits as daprd does (a component that fails to initialize).
   */
  private static SidecarProcess restart(SidecarProcess.Options options) {
    for (int attempt = 1; ; attempt++) {
      try {
        return options.start();
      } catch (AssertionError e) {
        if (attempt == 3) {
          throw e;
        }
        System.out.println("chaos: restart attempt " + attempt + " failed, again: " + e.getMessage().lines()
            .findFirst().orElse(""));
      }
    }
  }

  /** Writes the counts so far to {@code it/target/chaos/summary.md}: a run stopped early keeps its figures. */
  private static void writeSummary(ChaosTally tally) {
    Path dir = Locations.targetDir().resolve("chaos");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("summary.md"), tally.rounds() + " kill(s)\n\n" + tally.table());
    } catch (IOException e) {
      System.out.println("could not write " + dir + ": " + e);
    }
  }

  private static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }
}
