package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.bench.soak.Soak;
import io.jdaprd.bench.soak.SoakApp;
import io.jdaprd.bench.soak.SoakConfig;
import io.jdaprd.bench.soak.SoakResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The short soak (issue #15; {@code bench/run --soak 30m} is the long one): 1,000 calls/s for two minutes
 * ({@code -Dsoak.seconds} changes it), mixed state saves and gets, publishes delivered back to the app, invocations and
 * actor calls, with {@code DAPR_API_TOKEN} and {@code APP_API_TOKEN} set. Zero errors, zero lost messages, every
 * call into the app with the app token; after a warm-up of a third of the run, at most a minute (longer if a cold
 * start left a backlog to work off: the run then goes on, up to twice its length, until it has been at the rate for
 * the rest of its planned time), threads, descriptors, heap and RSS flat
 * within margins that a leak of one thread or descriptor per thousand calls, 200 bytes of heap or 500 bytes of
 * native memory per call would break, and p99 not drifting up. The pub/sub queue is deep (100,000) so that a slow
 * stretch of the machine delays deliveries instead of refusing publishes; a lost delivery still fails.
 */
class SoakTest {
  private static final String APP_ID = "it-soak";
  private static final String API_TOKEN = "soak-api-token";
  private static final String APP_TOKEN = "soak-app-token";

  @Test
  void mixedLoadLeaksNothingAndLosesNothing() throws Exception {
    long seconds = Long.getLong("soak.seconds", 120);
    Path resources = Files.createTempDirectory(Locations.targetDir(), "soak-resources");
    SoakApp.writeComponents(resources);
    try (SoakApp app = new SoakApp(APP_TOKEN);
        SidecarProcess sidecar = SidecarProcess.withAppId(APP_ID).resources(resources)
            .args("--app-port", Integer.toString(app.port())).env("DAPR_API_TOKEN", API_TOKEN)
            .env("APP_API_TOKEN", APP_TOKEN).start()) {
      SoakConfig config = new SoakConfig(sidecar.pid(), sidecar.httpPort(), APP_ID, API_TOKEN, 1000,
          Duration.ofSeconds(seconds), Duration.ofSeconds(10), Duration.ofSeconds(Math.min(60, seconds / 3)));
      SoakResult r = Soak.run(config, app, s -> { });
      String report = r.markdown();
      System.out.println("SoakTest:\n" + report);

      assertThat(r.errors()).as(report).isEmpty();
      assertThat(r.published()).as(report).isGreaterThan(seconds * 150);
      assertThat(r.lost()).as(report).isZero();
      assertThat(r.callsWithoutAppToken()).as(report).isZero();
      assertThat(r.measured()).as("a minute at the rate after the warm-up " + report)
          .hasSizeGreaterThanOrEqualTo(6);
      assertThat(r.range(s -> s.threads())).as("threads " + report).isLessThanOrEqualTo(12);
      assertThat(r.threadSlope()).as("thread slope " + report).isLessThan(4);
      assertThat(r.range(s -> s.fds())).as("descriptors " + report).isLessThanOrEqualTo(150);
      assertThat(r.fdSlope()).as("descriptor slope " + report).isLessThan(40);
      if (r.heapAfterWarmupMib() > 0 && r.heapAtEndMib() > 0) {
        assertThat(r.heapAtEndMib() - r.heapAfterWarmupMib()).as("heap growth " + report).isLessThan(12);
      }
      assertThat(r.rssSlope()).as("RSS slope " + report).isLessThan(30);
      double end = r.samples().getLast().seconds();
      double settled = r.median(s -> s.p99Ms(), r.warmupSeconds(), (r.warmupSeconds() + end) / 2);
      double last = r.median(s -> s.p99Ms(), (r.warmupSeconds() + end) / 2, end + 1);
      assertThat(last).as("p99 of the second half against the first " + report).isLessThan(settled * 4 + 100);
    }
  }
}
